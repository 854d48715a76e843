// SPDX-License-Identifier: MIT

package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"
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
				req := httptest.NewRequest("GET", "/api/projects/"+c.ID+"/slides/2.svg", nil)
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
