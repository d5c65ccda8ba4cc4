// Package mynumber holds the rules of the Individual Number (マイナンバー) itself: its digits, check digit and masking.
package mynumber

// The facts the code depends on, each with its source, changed here only.
//
// Sources:
//   - [ordinance] MIC Ordinance No. 85 of 2014 (総務省令第85号), art. 5: the
//     check digit of the Individual Number.
//   - [facts] /shared/domain/facts.md ("The number", "Data protection").

// Digits is the length of an Individual Number: 11 base digits and a check
// digit. [ordinance]
const Digits = 12

// checkDigitWeights are Qn read left to right over the 11 base digits:
// Qn = n+1 for n ≤ 6 and n−5 for 7 ≤ n ≤ 11, n counted from the right.
// Check = 11 − (Σ digit×weight mod 11), or 0 when the remainder is 0 or 1.
// [ordinance] [facts]
var checkDigitWeights = [Digits - 1]int{6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2}

// shownDigits is how many trailing digits a masked number shows, so that
// staff can tell two numbers on screen apart without reading either.
const shownDigits = 4
