// SPDX-License-Identifier: MIT

package importer

// legacyEntities are the entity lists of X's v1.1 post JSON, which both
// the X archive and the syndication endpoint use.
type legacyEntities struct {
	Hashtags []struct {
		Text    string   `json:"text"`
		Indices flexInts `json:"indices"`
	} `json:"hashtags"`
	Symbols []struct {
		Text    string   `json:"text"`
		Indices flexInts `json:"indices"`
	} `json:"symbols"`
	UserMentions []struct {
		ScreenName string   `json:"screen_name"`
		Indices    flexInts `json:"indices"`
	} `json:"user_mentions"`
	URLs []struct {
		URL         string   `json:"url"`
		ExpandedURL string   `json:"expanded_url"`
		DisplayURL  string   `json:"display_url"`
		Indices     flexInts `json:"indices"`
	} `json:"urls"`
}

// addTo appends the links, mentions, hashtags and cashtags to rt.
func (e *legacyEntities) addTo(rt *richText) {
	for _, u := range e.URLs {
		rt.addEntity(entURL, u.Indices, u.URL, entity{Expanded: u.ExpandedURL, Display: u.DisplayURL})
	}
	for _, m := range e.UserMentions {
		rt.addEntity(entMention, m.Indices, "@"+m.ScreenName, entity{Name: m.ScreenName})
	}
	for _, h := range e.Hashtags {
		rt.addEntity(entHashtag, h.Indices, "#"+h.Text, entity{Name: h.Text})
	}
	for _, s := range e.Symbols {
		rt.addEntity(entCashtag, s.Indices, "$"+s.Text, entity{Name: s.Text})
	}
}

// addEntity appends an entity whose indices are a valid [start, end) pair.
func (rt *richText) addEntity(kind string, ix flexInts, token string, en entity) {
	if a, b, ok := ix.pair(); ok {
		en.Kind, en.Start, en.End, en.Token = kind, a, b, token
		rt.Entities = append(rt.Entities, en)
	}
}
