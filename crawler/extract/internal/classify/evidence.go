package classify

// evidenceOf picks the sentence that best justifies a tag: of the
// sentences of the text that voted for it, the one whose vote weighs most,
// a defining pattern's vote (one that names the failure, not just a word of
// its field) counting half as much again; a heading or the title only when
// the text's best vote weighs under half of its own.
func evidenceOf(votes []vote, units []unit) string {
	text, head := -1, -1
	var textScore, textValue, headValue float64
	for i, v := range votes {
		if v.value <= 0 {
			continue
		}
		if units[v.unit].heading {
			if head < 0 || v.value > headValue {
				head, headValue = i, v.value
			}
			continue
		}
		textValue = max(textValue, v.value)
		score := v.value
		if v.weight >= strongWeight {
			score *= 1.5
		}
		if text < 0 || score > textScore {
			text, textScore = i, score
		}
	}
	switch {
	case text >= 0 && (head < 0 || textValue >= headValue/2):
		return units[votes[text].unit].text
	case head >= 0:
		return units[votes[head].unit].text
	}
	return units[votes[0].unit].text
}
