-- The organisations of /work/shared/domain/facts.md, "Where to refer", with
-- what each takes, and the phone numbers, languages and hours given there.
-- Where facts.md gives no phone, languages or hours the field is left empty
-- for the administrator to fill in (Admin screen or CSV import): nothing is
-- guessed. The IDs are the ones app/residency suggests.
INSERT INTO orgs (id, name_ja, name_en, takes_ja, takes_en, languages, phone, contact, hours, updated_at) VALUES
('issj', '日本国際社会事業団（ISSJ）', 'International Social Service Japan (ISSJ)',
 '国境を越える子ども・家族の福祉、無国籍の子どもの国籍取得（「Children Across Borders」）、移住者のケースワーク',
 'Cross-border child and family welfare; nationality for stateless children ("Children Across Borders"); migrant casework',
 '', '', '', '', '2026-01-01T00:00:00.000Z'),
('houterasu', '日本司法支援センター（法テラス）多言語情報提供サービス', 'Japan Legal Support Center (Houterasu), multilingual line',
 '10言語での法制度・相談窓口の情報提供。無料法律相談は、在留資格があり収入が一定以下の方に限る',
 'Legal information in 10 languages; free consultation only for lawful residents with low income',
 '10言語 / 10 languages', '0570-078377', '', '平日 9:00〜17:00 / weekdays 9:00–17:00', '2026-01-01T00:00:00.000Z'),
('fresc', '外国人在留支援センター（FRESC）', 'Foreign Residents Support Center (FRESC)',
 '在留手続、人権相談、法律支援、労働、雇用の窓口が一か所に（四谷）',
 'Immigration, legal affairs (human rights), legal aid, labour and employment in one place (Yotsuya)',
 '', '0570-011000', '東京都新宿区四谷 / Yotsuya, Shinjuku, Tokyo', '', '2026-01-01T00:00:00.000Z'),
('isa_info', '外国人在留総合インフォメーションセンター', 'Immigration Services Agency information centre',
 '在留手続に関する問合せ', 'Residence procedures',
 '約17言語 / about 17 languages', '0570-013904', '', '', '2026-01-01T00:00:00.000Z'),
('jar', '難民支援協会（JAR）', 'Japan Association for Refugees (JAR)',
 '仮放免の方を含む難民申請者への法的支援、住まい、食料、医療',
 'Asylum seekers including provisional release (仮放免): legal support, shelter, food, medical',
 '', '', '', '', '2026-01-01T00:00:00.000Z'),
('unhcr_japan', 'UNHCR駐日事務所', 'UNHCR Japan',
 '難民・無国籍者。個別の相談はJARを通じて', 'Refugees and stateless persons; individual cases via JAR',
 '', '', '', '', '2026-01-01T00:00:00.000Z'),
('municipal_onestop', '市区町村の外国人相談窓口（一元的相談窓口）', 'Municipal one-stop consultation centre for foreign residents',
 '生活全般の相談（全国の一覧は出入国在留管理庁）', 'Daily-life consultation (national list by the Immigration Services Agency)',
 '', '', '', '', '2026-01-01T00:00:00.000Z');
