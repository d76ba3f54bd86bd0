package ui

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"
)

// similarPageSize is how many incidents the similar page lists.
const similarPageSize = 10

// similarView is the data of the similar-incidents page.
type similarView struct {
	page
	Text     string
	MaxLen   int
	Error    string
	Searched bool
	Hits     []hitView
}

// similarPage renders /similar: a form for alert text (GET shows it, and
// answers ?text= so results can be linked; POST answers the form) and the
// incidents that look like it, each with why.
func (h *Handler) similarPage(c *gin.Context) {
	l := h.loc(c)
	v := similarView{page: page{Title: l.T("Similar incidents"), Nav: "similar"}, MaxLen: h.lim.maxTextLen}
	text, err := similarText(c, h.lim)
	v.Text = text
	var in *inputError
	if errors.As(err, &in) {
		v.Error = in.text(l)
		h.render(c, http.StatusBadRequest, "similar", &v)
		return
	}
	if text == "" {
		if c.Request.Method == http.MethodPost {
			v.Error = l.T("Paste an alert or describe the symptom first.")
			h.render(c, http.StatusBadRequest, "similar", &v)
			return
		}
		h.render(c, http.StatusOK, "similar", &v)
		return
	}
	res, err := h.idx.SimilarText(c.Request.Context(), text, similarPageSize)
	if err != nil {
		h.fail(c, err)
		return
	}
	v.Searched = true
	v.Hits = h.hitViews(l, res.Hits)
	h.render(c, http.StatusOK, "similar", &v)
}

// similarText reads the pasted text from the query or the form body,
// capping the body before it is read.
func similarText(c *gin.Context, lim limits) (string, error) {
	var text string
	if c.Request.Method == http.MethodPost {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, lim.maxBody)
		if err := c.Request.ParseForm(); err != nil {
			return "", inputErr("The form could not be read; the text may be too long.")
		}
		text = c.Request.PostForm.Get("text")
	} else {
		text = c.Query("text")
	}
	text = strings.TrimSpace(text)
	if !utf8.ValidString(text) {
		return "", inputErr("The text is not valid UTF-8.")
	}
	if n := utf8.RuneCountInString(text); n > lim.maxTextLen {
		return "", inputErr("The text is %d characters long; the limit is %d.", n, lim.maxTextLen)
	}
	return text, nil
}
