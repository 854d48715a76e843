window.YTD.tweets.part0 = [
{"tweet":{"id_str":"1"}},
{"tweet":{"full_text":[1,2]}}]