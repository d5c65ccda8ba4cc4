package people

// withinEdits reports whether a and b differ by at most k single-character
// insertions, deletions or substitutions (Levenshtein distance ≤ k). It
// gives up as soon as a whole row of the table exceeds k, so unlike names
// cost little.
func withinEdits(a, b []rune, k int) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > k {
		return false
	}
	var buf [2][48]int
	prev, cur := buf[0][:0], buf[1][:0]
	if len(b)+1 > len(buf[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		prev = append(prev, j)
	}
	cur = cur[:len(b)+1]
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}
