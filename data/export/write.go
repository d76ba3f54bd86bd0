package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
)

// Write writes entries in format to w.
func Write(w io.Writer, format string, entries []Entry) error {
	bw := bufio.NewWriter(w)
	var err error
	switch format {
	case Markdown:
		err = writeMarkdown(bw, entries)
	case CSV:
		err = writeCSV(bw, entries)
	case JSON:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if entries == nil {
			entries = []Entry{}
		}
		err = enc.Encode(entries)
	case BibTeX:
		err = writeBibTeX(bw, entries)
	default:
		return ErrFormat
	}
	return errors.Join(err, bw.Flush())
}

// MarkdownHeader is the header row of the Markdown table, as the contract
// names it.
const MarkdownHeader = "| Company | Incident | Date | Link |"

func writeMarkdown(w io.Writer, entries []Entry) error {
	if _, err := fmt.Fprintf(w, "%s\n|---|---|---|---|\n", MarkdownHeader); err != nil {
		return err
	}
	for _, e := range entries {
		if _, err := fmt.Fprintf(w, "| %s | %s | %s | %s |\n", mdCell(e.Company), mdCell(e.Incident), e.Date, mdCell(e.Link)); err != nil {
			return err
		}
	}
	return nil
}

// mdCell keeps a value on one line and inside its cell.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.ReplaceAll(s, "|", `\|`)
}

func writeCSV(w io.Writer, entries []Entry) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"company", "incident", "date", "link", "url", "archive_url", "accessed", "id"})
	for _, e := range entries {
		cw.Write([]string{e.Company, e.Incident, e.Date, e.Link, e.URL, e.ArchiveURL, e.Accessed, e.ID})
	}
	cw.Flush()
	return cw.Error()
}

// writeBibTeX writes one @misc entry per incident, citable as
// \cite{company-year-id}, with the archived copy and the access date.
func writeBibTeX(w io.Writer, entries []Entry) error {
	for i, e := range entries {
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		fields := [][2]string{
			{"title", "{" + bibText(e.Incident) + "}"},
			{"author", "{" + bibText(e.Company) + "}"},
		}
		if len(e.Date) >= 4 {
			fields = append(fields, [2]string{"year", e.Date[:4]})
		}
		fields = append(fields, [2]string{"howpublished", `\url{` + bibURL(e.Link) + "}"}, [2]string{"url", bibURL(e.URL)})
		note := "Post-mortem"
		if e.ArchiveURL != "" {
			fields = append(fields, [2]string{"archiveurl", bibURL(e.ArchiveURL)})
			note += ", archived at " + `\url{` + bibURL(e.ArchiveURL) + "}"
		}
		fields = append(fields, [2]string{"urldate", e.Accessed}, [2]string{"note", note + "; accessed " + e.Accessed})
		if _, err := fmt.Fprintf(w, "@misc{%s,\n", bibKey(e)); err != nil {
			return err
		}
		for _, f := range fields {
			if _, err := fmt.Fprintf(w, "  %s = {%s},\n", f[0], f[1]); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, "}\n"); err != nil {
			return err
		}
	}
	return nil
}

// bibKey is "company-year-id", lower-case ASCII.
func bibKey(e Entry) string {
	var b strings.Builder
	for _, r := range strings.ToLower(e.Company) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		b.WriteString("incident")
	}
	if len(e.Date) >= 4 {
		b.WriteString("-" + e.Date[:4])
	}
	return b.String() + "-" + e.ID
}

// bibText escapes what LaTeX treats specially in a braced field.
func bibText(s string) string {
	return strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "&", `\&`, "%", `\%`,
		"$", `\$`, "#", `\#`, "_", `\_`, "~", `\textasciitilde{}`, "^", `\textasciicircum{}`).Replace(strings.Join(strings.Fields(s), " "))
}

// bibURL keeps a URL whole inside braces: only the characters that would
// end or break the field are escaped.
func bibURL(s string) string {
	return strings.NewReplacer("{", "%7B", "}", "%7D", " ", "%20", `\`, "%5C").Replace(s)
}
