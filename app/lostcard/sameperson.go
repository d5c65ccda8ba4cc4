package lostcard

import "madoguchi/app/people"

func hasFourItems(a Answers) bool {
	return a[FieldName] != "" && a[FieldAddress] != "" && a[FieldBirthDate] != "" && a[FieldSex] != ""
}

func person(a Answers) people.Person {
	return people.Person{Name: a[FieldName], Address: a[FieldAddress], BirthDate: a[FieldBirthDate], Sex: a[FieldSex]}
}

// samePerson compares two reports' holders through app/people's
// normalisers: same name, address, birth date and sex, or not the same.
func samePerson(a, b Answers) bool {
	return people.Compare(person(a), person(b)).AllFourMatch()
}
