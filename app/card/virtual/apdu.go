package virtual

// command is a parsed command APDU (ISO/IEC 7816-4, 5.1).
type command struct {
	cla, ins, p1, p2 byte
	data             []byte
	le               int  // expected response length; 0 when the command has no Le field
	hasLe            bool // Le field present (short 00 means 256, extended 0000 means 65536)
	extended         bool // extended-length Lc/Le
}

// parseCommand reads the four cases in their short and extended forms; ok is false when the length bytes do not
// agree with the APDU's length.
func parseCommand(b []byte) (c command, ok bool) {
	if len(b) < 4 {
		return c, false
	}
	c.cla, c.ins, c.p1, c.p2 = b[0], b[1], b[2], b[3]
	body := b[4:]
	switch {
	case len(body) == 0: // case 1
		return c, true
	case len(body) == 1: // case 2 short
		c.le, c.hasLe = shortLe(body[0]), true
		return c, true
	case body[0] != 0: // case 3 or 4 short
		lc := int(body[0])
		switch len(body) {
		case 1 + lc:
			c.data = body[1:]
			return c, true
		case 1 + lc + 1:
			c.data = body[1 : 1+lc]
			c.le, c.hasLe = shortLe(body[1+lc]), true
			return c, true
		}
		return c, false
	}
	// Extended: a 00 byte, then two-byte Lc or Le.
	c.extended = true
	if len(body) == 3 { // case 2 extended
		c.le, c.hasLe = extendedLe(body[1], body[2]), true
		return c, true
	}
	if len(body) < 3 {
		return c, false
	}
	lc := int(body[1])<<8 | int(body[2])
	if lc == 0 {
		return c, false
	}
	switch len(body) {
	case 3 + lc: // case 3 extended
		c.data = body[3:]
		return c, true
	case 3 + lc + 2: // case 4 extended
		c.data = body[3 : 3+lc]
		c.le, c.hasLe = extendedLe(body[3+lc], body[4+lc]), true
		return c, true
	}
	return c, false
}

func shortLe(b byte) int {
	if b == 0 {
		return 256
	}
	return int(b)
}

func extendedLe(hi, lo byte) int {
	n := int(hi)<<8 | int(lo)
	if n == 0 {
		return 65536
	}
	return n
}

// withSW appends the status word to the response data.
func withSW(data []byte, sw uint16) []byte {
	out := make([]byte, 0, len(data)+2)
	out = append(out, data...)
	return append(out, byte(sw>>8), byte(sw))
}
