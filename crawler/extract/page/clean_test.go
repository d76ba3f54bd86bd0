package page

import (
	"strings"
	"testing"
)

func TestReadHTMLArticleContainer(t *testing.T) {
	para := strings.Repeat("The primary database ran out of connections and every request queued behind it. ", 8)
	page := `<html><head><title>DB outage | Blog</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>DB outage</h1><p>Posted by the platform team on March 3, 2023</p>
<p>` + para + `</p>
<p>We fixed it by raising the pool size; see <a href="/pool">our pool settings</a> for the details of the change.</p>
<div class="tag-cloud"><a href="/t/db">databases</a> <a href="/t/pg">postgres</a> <a href="/t/ops">operations</a></div>
<ul><li><a href="/p/1">How we scaled search</a></li><li><a href="/p/2">A year of on-call</a></li></ul>
</article></body></html>`
	p, err := readHTML([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	body := JoinBlocks(p.Blocks)
	for _, gone := range []string{"Posted by", "databases postgres", "How we scaled search", "Home"} {
		if strings.Contains(body, gone) {
			t.Errorf("body holds %q, want it cleaned away:\n%s", gone, body)
		}
	}
	for _, kept := range []string{"ran out of connections", "raising the pool size; see our pool settings"} {
		if !strings.Contains(body, kept) {
			t.Errorf("body lacks %q:\n%s", kept, body)
		}
	}
	if strings.HasPrefix(body, "DB outage") {
		t.Errorf("body starts with the title heading, want it dropped:\n%s", body)
	}
}

func TestReadHTMLThinContainerUsesReadability(t *testing.T) {
	para := strings.Repeat("The cache cluster lost quorum after a network partition between zones. ", 10)
	page := `<html><body><main><p>Short teaser.</p></main><div id="content"><p>` + para + `</p></div></body></html>`
	p, err := readHTML([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	if body := JoinBlocks(p.Blocks); !strings.Contains(body, "lost quorum") {
		t.Errorf("got body %q, want the text outside the thin <main>", body)
	}
}

func TestReadHTMLPrefersArticleInsideMain(t *testing.T) {
	para := strings.Repeat("A bad route map withdrew every prefix we announce to our transit providers. ", 8)
	teaser := strings.Repeat("Another story about our office move and the new coffee machine. ", 3)
	page := `<html><body><main><article><h2>What happened</h2><p>` + para + `</p></article>
<section><h2>More from the blog</h2><p>` + teaser + `</p></section></main></body></html>`
	p, err := readHTML([]byte(page), nil)
	if err != nil {
		t.Fatal(err)
	}
	body := JoinBlocks(p.Blocks)
	if !strings.Contains(body, "route map") || strings.Contains(body, "coffee machine") {
		t.Errorf("got body %q, want the article without the teaser beside it in <main>", body)
	}
}
