package page

import "testing"

// TestMayOpenWith checks that the cheap test of a heading's first letter
// never says no where the background or detection regexp matches.
func TestMayOpenWith(t *testing.T) {
	for _, h := range []string{"Background", "## Some context", "ſome context", "1. Background", "_Background", "How the cache works",
		"What is DNS?", "About our queues", "A primer", "Detection", "**Détection**", "détection", "Édetection", "Why it took so long",
		"Time to detect", "Delays in response", "Pourquoi ça a pris si longtemps", "Root cause", "Timeline", "", "---", "Kelvin"} {
		if got, want := mayOpenWith(h, backgroundFirst), backgroundHeading.MatchString(h); want && !got {
			t.Errorf("background %q: mayOpenWith false, the regexp matches", h)
		}
		if got, want := mayOpenWith(h, detectionFirst), detectionHeading.MatchString(h); want && !got {
			t.Errorf("detection %q: mayOpenWith false, the regexp matches", h)
		}
	}
}
