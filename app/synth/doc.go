// Package synth holds deterministic generators of synthetic persons and card applications, for tests, demos, staff training and load tests.
package synth
