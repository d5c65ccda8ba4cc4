// The people the end-to-end tests apply for, and their cards as the virtual card serves them (the persona JSON of
// docs/virtual-card.md).

// yamada is a Japanese national applying in Japanese, as the application's question pages take him.
export const yamada = {
  applicantLanguageName: "日本語",
  name: "山田 太郎",
  kana: "やまだ たろう",
  birth: { calendar: "japanese", era: "heisei", year: "2", month: "4", day: "12" },
  sex: "male",
  postalCode: "160-0023",
  address: "東京都新宿区西新宿二丁目8番1号",
  nationality: { type: "日本", pick: "日本" },
  phone: "090-1234-5678",
};

// chipOf is the persona of a card whose chip holds these four basic items (the address as the card writes it) and
// Individual Number; its certificate runs to the holder's birthday in 2031. Its PINs are those the tests type:
// card-info 2468 unless told, with cardInfoTries tries left (3 unless told).
export function chipOf({ name, address, birthDate, sex, number }, { cardInfo = "2468", cardInfoTries = 3 } = {}) {
  return {
    name,
    address,
    birthDate,
    sex,
    number,
    pins: {
      userAuth: { value: "1111", triesLeft: 3 },
      cardInfo: { value: cardInfo, triesLeft: cardInfoTries },
      signature: { value: "MADO2026", triesLeft: 5 },
    },
    certificate: { notBefore: "2026-11-01", notAfter: `2031-${birthDate.slice(5)}` },
    token: "JPKIAPICCTOKEN2",
    extendedAPDU: true,
    chipSignature: "valid",
    faults: {},
  };
}

// yamadaChip is the card of yamada.
export const yamadaChip = (pins) =>
  chipOf({ name: "山田 太郎", address: "東京都新宿区西新宿2-8-1", birthDate: "1990-04-12", sex: "1", number: "123456789018" }, pins);
