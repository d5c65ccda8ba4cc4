package virtual

// DisableQuickAck makes the card read from vpcd without TCP_QUICKACK, so the round-trip benchmark can show the
// stall it avoids. Call it before Insert or Serve.
func DisableQuickAck(c *Card) {
	c.sess.mu.Lock()
	defer c.sess.mu.Unlock()
	c.sess.noQuickAck = true
}
