package intake

// At returns the service acting on an application only while it is still
// at version: the one the caller's screen shows. Save, Open and Submit made
// through it fail with intake.error.conflict, writing nothing, when another
// desk changed the application in between. Version 0 means no check.
func (s *Service) At(version int64) *Service {
	c := *s
	c.version = version
	return &c
}
