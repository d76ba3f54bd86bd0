package data

import (
	_ "embed"
	"slices"
)

//go:embed talk.yaml
var talkYAML []byte

// TalkListName is the name of the embedded list of the talk's references.
const TalkListName = "talk-references"

// TalkList returns the embedded list of the incidents the talk behind pmkb
// tells (data/talk.yaml), as written in pmkb's YAML list format. data only
// holds it: crawler/lists parses it, as it parses every list.
func TalkList() []byte {
	return slices.Clone(talkYAML)
}
