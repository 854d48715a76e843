// SPDX-License-Identifier: MIT

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/web"
)

// BenchmarkSlideSVG measures the server time of one slide's SVG preview
// through the handler: "cached" asks for an unchanged slide again, and
// "changed" for a slide after its settings changed, so it is laid out and
// drawn anew. It reports the p50 and p95 in ms.
func BenchmarkSlideSVG(b *testing.B) {
	for _, changed := range []bool{false, true} {
		name := "cached"
		if changed {
			name = "changed"
		}
		b.Run(name, func(b *testing.B) {
			e := newEnv(b)
			c := e.create(map[string]string{"source": pastedThread})
			h := e.web.Handler()
			ctx := context.Background()
			times := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if changed {
					b.StopTimer()
					p, err := e.db.FindProjectByID(ctx, c.ID)
					if err != nil {
						b.Fatal(err)
					}
					// A new size each time: nothing is cached.
					p.Settings.Typography.BodySize = 14 + float64(i%2000)/100
					if err := e.db.UpdateProject(ctx, p); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				req := httptest.NewRequest("GET", "http://127.0.0.1/api/projects/"+c.ID+"/slides/2.svg", nil)
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				times = append(times, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
			b.StopTimer()
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
			b.ReportMetric(ms(times[len(times)/2]), "p50-ms")
			b.ReportMetric(ms(times[len(times)*95/100]), "p95-ms")
		})
	}
}

// BenchmarkListProjectsSignedIn measures GET /api/projects through the
// handler in single-user mode and signed in with a session or an API
// token, so the cost of identifying the caller shows.
func BenchmarkListProjectsSignedIn(b *testing.B) {
	for _, mode := range []string{"single-user", "session", "token"} {
		b.Run(mode, func(b *testing.B) {
			e := newEnv(b)
			ctx := context.Background()
			u := &carousel.User{Email: "bench@example.com"}
			if err := e.db.CreateUser(ctx, u, ""); err != nil {
				b.Fatal(err)
			}
			if err := e.db.SetMember(ctx, carousel.DefaultWorkspace, u.ID, carousel.RoleOwner); err != nil {
				b.Fatal(err)
			}
			session, _, err := e.db.CreateSession(ctx, u.ID, carousel.DefaultWorkspace, time.Hour)
			if err != nil {
				b.Fatal(err)
			}
			token, err := e.db.CreateToken(ctx, &carousel.APIToken{Name: "bench", UserID: u.ID, Workspace: carousel.DefaultWorkspace})
			if err != nil {
				b.Fatal(err)
			}
			e.create(map[string]string{"source": pastedThread})
			h := e.web.Handler()
			if mode != "single-user" {
				// The same store and engine behind a server with sign-in on.
				team := &web.Server{Projects: e.db, Profiles: e.db, Presets: e.db, Assets: e.db, Accounts: e.db, Workspaces: e.db, Auth: true,
					Render: e.web.Render, Import: e.web.Import, Logger: e.web.Logger}
				h = team.Handler()
			}
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("GET", "http://127.0.0.1/api/projects", nil)
				switch mode {
				case "session":
					req.AddCookie(&http.Cookie{Name: "carousel_session", Value: session})
				case "token":
					req.Header.Set("Authorization", "Bearer "+token)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
