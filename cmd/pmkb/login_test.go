package main

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestServeLoginFormAndGuessing drives `pmkb serve` with a read token over
// HTTP: the login form is the UI's, in the reader's language, with its
// stylesheet served without the token; after five wrong tokens from one
// address the sixth attempt, and even the right token, are answered 429
// with Retry-After, while the health checks stay open.
func TestServeLoginFormAndGuessing(t *testing.T) {
	const token = "read-token-abcdefghijklmnop"
	s := startServe(t, map[string]string{"PMKB_READ_TOKEN": token})
	fr := map[string]string{"Accept-Language": "fr"}
	resp, body := s.do(t, "GET", "/login?next=%2Fstats", fr, "")
	if resp.StatusCode != 200 || !strings.Contains(body, `<html lang="fr">`) || !strings.Contains(body, "Jeton de lecture") {
		t.Fatalf("login form: got %d, want the French form\n%s", resp.StatusCode, body)
	}
	css := regexp.MustCompile(`/static/style\.[0-9a-f]+\.css`).FindString(body)
	if resp, _ := s.do(t, "GET", css, nil, ""); css == "" || resp.StatusCode != 200 {
		t.Errorf("the form's stylesheet %q without the token: got %d, want 200", css, resp.StatusCode)
	}
	form := func() map[string]string {
		return map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "fr"}
	}
	post := func(tok string) (int, string, string) {
		resp, body := s.do(t, "POST", "/login", form(), url.Values{"token": {tok}, "next": {"/stats"}}.Encode())
		return resp.StatusCode, resp.Header.Get("Retry-After"), body
	}
	for i := 1; i <= 5; i++ {
		if code, _, body := post("guess-" + strconv.Itoa(i)); code != 401 || !strings.Contains(body, "Ce n’est pas le jeton de lecture de ce serveur.") {
			t.Fatalf("wrong token %d: got %d, want 401 and the French alert", i, code)
		}
	}
	code, after, body := post("guess-6")
	if n, err := strconv.Atoi(after); code != 429 || err != nil || n < 1 || !strings.Contains(body, "Trop de jetons erronés") {
		t.Errorf("sixth wrong token: got %d, Retry-After %q, want 429 with whole seconds and the French alert", code, after)
	}
	if code, _, _ := post(token); code != 429 {
		t.Errorf("the right token while waiting: got %d, want 429", code)
	}
	resp, body = s.do(t, "GET", "/api/v1/search?q=dns", map[string]string{"Authorization": "Bearer " + token}, "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `"code":"too_many_attempts"`) {
		t.Errorf("bearer while waiting: got %d %s, want 429 too_many_attempts with Retry-After", resp.StatusCode, body)
	}
	if resp, _ := s.do(t, "GET", "/healthz", nil, ""); resp.StatusCode != 200 {
		t.Errorf("/healthz while a client waits: got %d, want 200", resp.StatusCode)
	}
}
