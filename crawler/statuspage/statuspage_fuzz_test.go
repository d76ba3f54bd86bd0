package statuspage

import (
	"net/url"
	"testing"
)

// FuzzParse: any answer a status page gives, however broken, is parsed or
// refused without a panic, and every incident of a parsed one renders.
// Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(answer))
	api, _ := url.Parse("https://status.example.com/api/v2/incidents.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			return
		}
		for _, inc := range d.Incidents {
			_ = inc.Markdown()
			_ = inc.Start()
			_ = d.PageURL(api, inc)
		}
	})
}
