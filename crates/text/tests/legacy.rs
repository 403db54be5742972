//! Legacy encodings through the public API: signatures from the domain
//! notes, detection that leaves other languages alone, mixed files, font
//! hints, and round trips of a covenant excerpt in every encoding.

use huonguoc_text::legacy::{self, Detected, Legacy, decode_bytes, encode, repair_str};

/// Bytes of a string whose characters are all Latin-1 (how TCVN3 and VNI
/// text looks when viewed in a Western code page).
fn latin1(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 only"))
        .collect()
}

const ALL: [Legacy; 5] = [
    Legacy::Tcvn3,
    Legacy::Vni,
    Legacy::Viqr,
    Legacy::Windows1258,
    Legacy::Utf8Mojibake,
];

#[test]
fn names_round_trip() {
    for e in ALL {
        assert_eq!(Legacy::from_name(e.name()), Some(e));
    }
    assert_eq!(Legacy::from_font("ABCDEF+.VnTimeH"), Some(Legacy::Tcvn3));
    assert_eq!(Legacy::from_font("VNI-Times"), Some(Legacy::Vni));
    assert_eq!(Legacy::from_font("Times New Roman"), None);
}

#[test]
fn tcvn3_h_fonts_draw_capitals() {
    for (font, capitals) in [
        (".VnTimeH", true),
        ("ABCDEF+.VnArialH", true),
        (".VnCentury SchoolbookH", true),
        (".VnTime", false),
        (".VnBahamasB", false),
        // VNI has real capitals; "H" there is not a case.
        ("VNI-TimesH", false),
        ("Times New Roman", false),
    ] {
        assert_eq!(legacy::capitals_font(font), capitals, "{font}");
    }
}

#[test]
fn tcvn3_signatures() {
    for (tcvn3, uni) in [
        ("§iÒu 1.", "Điều 1."),
        ("Ch\u{AD}¬ng II", "Chương II"),
        ("h\u{AD}¬ng \u{AD}íc", "hương ước"),
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        (
            "quy \u{AD}íc th«n, b¶n: phô n÷ b×nh ®¼ng",
            "quy ước thôn, bản: phụ nữ bình đẳng",
        ),
        ("lµng cho tiÒn 20 ®ång", "làng cho tiền 20 đồng"),
    ] {
        let r = decode_bytes(&latin1(tcvn3), None);
        assert_eq!(r.text, uni, "bytes {tcvn3}");
        assert_eq!(r.detected, Detected::One(Legacy::Tcvn3));
        // The same text as code points, as a .docx run holds it.
        let r = repair_str(tcvn3, None);
        assert_eq!(r.text, uni, "str {tcvn3}");
        assert_eq!(r.detected, Detected::One(Legacy::Tcvn3));
    }
}

#[test]
fn tcvn3_bytes_in_the_domain_notes() {
    let e = |s| encode(s, Legacy::Tcvn3).unwrap();
    assert_eq!(e("à á ư đ Đ ơ"), b"\xB5 \xB8 \xAD \xAE \xA7 \xAC");
    // Smart quotes and dashes keep their cp1252 bytes: not VN1 capitals.
    assert_eq!(e("“à” – —"), b"\x93\xB5\x94 \x96 \x97");
    assert_eq!(
        decode_bytes(b"\x93\xA7i\xD2u\x94", Some(Legacy::Tcvn3)).text,
        "“Điều”"
    );
}

#[test]
fn vni_signatures() {
    for (vni, uni) in [
        ("Ñieàu 2.", "Điều 2."),
        ("Chöông III", "Chương III"),
        ("höông öôùc", "hương ước"),
        ("phuï nöõ", "phụ nữ"),
        ("Coäng hoøa xaõ hoäi", "Cộng hòa xã hội"),
        (
            "Ñoäc laäp - Töï do - Haïnh phuùc",
            "Độc lập - Tự do - Hạnh phúc",
        ),
    ] {
        let r = decode_bytes(&latin1(vni), None);
        assert_eq!(r.text, uni);
        assert_eq!(r.detected, Detected::One(Legacy::Vni));
        assert_eq!(repair_str(vni, None).text, uni);
    }
}

#[test]
fn windows_1258_is_composed() {
    let r = decode_bytes(b"Vi\xEA\xF2t Nam, C\xF4\xF2ng ho\xE0", None);
    assert_eq!(r.text, "Việt Nam, Cộng hoà");
    assert_eq!(r.detected, Detected::One(Legacy::Windows1258));
    // Seen through cp1252 it reads "Viêòt".
    assert_eq!(repair_str("Viêòt Nam", None).text, "Việt Nam");
}

#[test]
fn mojibake() {
    let r = repair_str("Viá»‡t Nam", None);
    assert_eq!(r.text, "Việt Nam");
    assert_eq!(r.detected, Detected::One(Legacy::Utf8Mojibake));
    assert_eq!(repair_str("Ä‘á»“ng Ã½", None).text, "đồng ý");
    // "HÃ" reads as the syllable "hã", so only UTF-8 validity tells.
    assert_eq!(repair_str("LY HÃ”N", None).text, "LY HÔN");
    assert_eq!(repair_str("Ä‘", Some(Legacy::Utf8Mojibake)).text, "đ");
}

#[test]
fn viqr() {
    let r = repair_str("Vie^.t Nam", None);
    assert_eq!(r.text, "Việt Nam");
    assert_eq!(r.detected, Detected::One(Legacy::Viqr));
    assert_eq!(repair_str("DDie^`u 1.", None).text, "Điều 1.");
    assert_eq!(repair_str("Mu.c 2", None).text, "Mục 2");
    assert_eq!(
        repair_str("- Thu+ ky': 100.000 ddo^`ng/ngu+o+`i/buo^?i;", None).text,
        "- Thư ký: 100.000 đồng/người/buổi;"
    );
    assert_eq!(
        repair_str("Meet at 9 a.m. today", None).text,
        "Meet at 9 a.m. today"
    );
    assert_eq!(
        repair_str(
            "Con trai va` con ga'i ddu+o+.c chia ta`i sa?n nhu+ nhau.",
            None
        )
        .text,
        "Con trai và con gái được chia tài sản như nhau."
    );
    assert_eq!(repair_str("Ha` No^.i\\.", None).text, "Hà Nội.");
}

#[test]
fn other_languages_stay_untouched() {
    for s in [
        "España, niño, Straße, Müller, garçon, déjà",
        "Il est déjà là où tu es, garçon.",
        "Der Müller aß in der Straße. ¿Qué tal, señor? ¡Sí!",
        "Ça va? Très bien. À bientôt, Zoë. Noël à l'hôtel.",
        "più in grado di usare questa chiave. Quindi fallo solo se questa autofirma non",
        "Questa firma non può essere verificata perchè non hai la chiave corrispondente.",
        "Usa questo se hai sostituito questa chiave con una più recente.",
        "the old style marks the first vowel (hòa) and the new style (quý, già)",
        "São Paulo, Ærø, Øresund, Åland, Þórr",
        "don't do it, e.g. now. Is it? Yes. I'm here. I'm there.",
        "I go. You go. We go. Who? Really? They're sure we'll go.",
        "Price: 5 € — “quoted” text… © 2024 ® ™ ± ½ ° §3",
        "    (0x13F, 'M', 'l·'),",
        "p(r\"\\pä\");",
        "x = ['a', 'go', 'i32.lt_u']; y = a.im - b.im; `a`-`z`, 'DDE'",
        "    ['A', 'D', 'E', 'B', 'F', 'C']",
        "    worker.postMessage('hi');",
        "directory with setup.py.",
        "    mimetypes = ['text/x-hy', 'application/x-hy']",
        "elif dst.endswith('.dll') or dst.endswith('.so'):",
        "Đã là tiếng Việt có dấu, không cần sửa.",
        "Tôi là ai",
        "",
        "\n\n",
    ] {
        let r = repair_str(s, None);
        assert_eq!(r.text, s);
        assert_eq!(r.detected, Detected::None, "{s}");
        if let Some(bytes) = encoding_rs::WINDOWS_1252.encode(s).0.get(..) {
            if !s.contains(['Đ', 'ã', 'ế', 'ệ', 'ấ', 'ử']) {
                let r = decode_bytes(bytes, None);
                assert_eq!(r.text, s, "bytes");
                assert_eq!(r.detected, Detected::None, "bytes {s}");
            }
        }
    }
}

#[test]
fn mixed_files_are_decided_per_paragraph() {
    let mut bytes = latin1("§iÒu 1. Quy \u{AD}íc th«n\n");
    bytes.extend(latin1("Ñieàu 2. Quy öôùc thoân\r\n"));
    bytes.extend("Điều 3. Quy ước thôn\n".as_bytes());
    bytes.extend(b"plain ASCII line");
    let r = decode_bytes(&bytes, None);
    assert_eq!(
        r.text,
        "Điều 1. Quy ước thôn\nĐiều 2. Quy ước thôn\r\nĐiều 3. Quy ước thôn\nplain ASCII line"
    );
    assert_eq!(r.detected, Detected::Mixed);

    // TCVN3 leaking into a Unicode document, as in the 123docz example.
    let s = "Luận văn\nLuËn v¨n Th¹c sü X· héi häc\nHết\nCộng hòa, già (old style)";
    let r = repair_str(s, None);
    assert_eq!(
        r.text,
        "Luận văn\nLuận văn Thạc sỹ Xã hội học\nHết\nCộng hòa, già (old style)"
    );
    assert_eq!(r.detected, Detected::One(Legacy::Tcvn3));
}

#[test]
fn font_hint_converts_without_a_score_win() {
    // A heading in ASCII-looking TCVN3 that detection alone would not risk.
    assert_eq!(repair_str("µ", Some(Legacy::Tcvn3)).text, "à");
    assert_eq!(repair_str("§iÒu", Some(Legacy::Tcvn3)).text, "Điều");
    assert_eq!(repair_str("Ñieàu", Some(Legacy::Vni)).text, "Điều");
    // A Times New Roman run already in Unicode is left alone.
    let r = repair_str("Điều ệ ư", Some(Legacy::Tcvn3));
    assert_eq!(r.text, "Điều ệ ư");
    assert_eq!(r.detected, Detected::None);
    // Pure ASCII under a hint is not a conversion.
    assert_eq!(
        repair_str("con trai", Some(Legacy::Tcvn3)).detected,
        Detected::None
    );
}

#[test]
fn unknown_bytes_fall_back_to_windows_1252() {
    let r = decode_bytes(b"caf\xE9 \x80 5\n\x93ok\x94", None);
    assert_eq!(r.text, "café € 5\n“ok”");
    assert_eq!(r.detected, Detected::None);
}

#[test]
fn viqr_hint_and_escapes() {
    // A single tone-only word is too little evidence alone, not with a hint.
    assert_eq!(repair_str("Ha`", None).text, "Ha`");
    assert_eq!(repair_str("Ha`", Some(Legacy::Viqr)).text, "Hà");
    assert_eq!(repair_str("a\\.b \\dd", Some(Legacy::Viqr)).text, "a.b dd");
}

#[test]
fn soft_hyphen_is_u_horn_in_tcvn3() {
    let r = decode_bytes(b"ng\xAD\xEAi", None);
    assert_eq!(r.text, "người");
    assert_eq!(repair_str("ng\u{AD}êi", None).text, "người");
}

#[test]
fn force_decodes_everything() {
    let r = decode_bytes(b"a\xB5", Some(Legacy::Tcvn3));
    assert_eq!(r.text, "aà");
    assert_eq!(r.detected, Detected::One(Legacy::Tcvn3));
    assert_eq!(decode_bytes(b"Vie^.t", Some(Legacy::Viqr)).text, "Việt");
    assert_eq!(decode_bytes(b"a\xE0", Some(Legacy::Vni)).text, "ầ");
}

const COVENANT: &str = "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập – Tự do – Hạnh phúc

QUY ƯỚC THÔN ĐÔNG LĨNH
(Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 20/3/2019 của UBND xã)
Chương I. NHỮNG QUY ĐỊNH CHUNG
Điều 1. Mục đích
Hương ước này nhằm giữ gìn thuần phong mỹ tục, xây dựng nếp sống văn minh.
Điều 2. Quyền và nghĩa vụ của người dân trong thôn
1. Mọi người đều bình đẳng trước pháp luật; không phân biệt nam, nữ.
2. Con trai và con gái đều được hưởng thừa kế tài sản của cha mẹ.
3. Khi có việc hiếu, việc hỉ, gia đình tổ chức tiết kiệm — không quá 3 ngày.
Điều 3. Phụ nữ có quyền tham gia “họp làng” và được bầu làm trưởng họ.
Người vi phạm sẽ bị nhắc nhở trước hội nghị thôn; tái phạm thì phạt 200.000 đồng.
Trưởng thôn có trách nhiệm tổ chức thực hiện quy ước này.
Thôn Đông Lĩnh, ngày 20 tháng 3 năm 2019";

#[test]
fn covenant_round_trips_in_every_encoding() {
    for enc in ALL {
        let bytes = encode(COVENANT, enc).unwrap_or_else(|| panic!("{}", enc.name()));
        let r = decode_bytes(&bytes, None);
        assert_eq!(r.detected, Detected::One(enc), "{}", enc.name());
        if enc == Legacy::Tcvn3 {
            // TCVN3 has no accented capitals: compare case-insensitively.
            assert_eq!(r.text.to_lowercase(), COVENANT.to_lowercase());
        } else {
            assert_eq!(r.text, COVENANT, "{}", enc.name());
        }
        // Text formats hand over the same thing as code points.
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let r = repair_str(s, None);
            assert_eq!(r.text, COVENANT, "{}", enc.name());
            assert_eq!(r.detected, Detected::One(enc));
        } else {
            let s: String = bytes.iter().map(|&b| char::from(b)).collect();
            let r = repair_str(&s, None);
            assert_eq!(
                r.text.to_lowercase(),
                COVENANT.to_lowercase(),
                "{}",
                enc.name()
            );
        }
    }
}

#[test]
fn encode_rejects_what_it_cannot_write() {
    assert_eq!(encode("ñ", Legacy::Tcvn3), None);
    assert_eq!(encode("ñ", Legacy::Vni), None);
    assert_eq!(encode("ñ", Legacy::Viqr), None);
    assert_eq!(encode("ş", Legacy::Windows1258), None);
    assert!(encode("中", Legacy::Utf8Mojibake).is_some());
}

#[test]
fn output_is_nfc() {
    let nfd = "Vie\u{302}\u{323}t Nam";
    assert_eq!(repair_str(nfd, None).text, "Việt Nam");
    assert_eq!(decode_bytes(b"\xA9\xB3", Some(Legacy::Tcvn3)).text, "ấ");
}

mod round_trips {
    use super::*;
    use proptest::prelude::*;

    /// Words of covenant text, capitalised and not, with the punctuation
    /// that follows them.
    const WORDS: [&str; 48] = [
        "Điều",
        "thôn",
        "làng",
        "người",
        "phụ",
        "nữ",
        "con",
        "trai",
        "gái",
        "được",
        "hưởng",
        "thừa",
        "kế",
        "tài",
        "sản",
        "gia",
        "đình",
        "hương",
        "ước",
        "quy",
        "định",
        "bình",
        "đẳng",
        "giới",
        "trưởng",
        "họ",
        "việc",
        "hiếu",
        "hỉ",
        "không",
        "phân",
        "biệt",
        "vợ",
        "chồng",
        "quyền",
        "nghĩa",
        "vụ",
        "Hội",
        "đồng",
        "nhân",
        "dân",
        "xã",
        "Chương",
        "Việt",
        "Nam",
        "cưới",
        "hỏi",
        "tổ",
    ];
    const PUNCT: [&str; 8] = ["", "", "", ",", ";", ":", ".", " –"];

    fn sentence() -> impl Strategy<Value = String> {
        proptest::collection::vec((0..WORDS.len(), 0..PUNCT.len()), 8..30).prop_map(|ws| {
            let words: Vec<String> = ws
                .into_iter()
                .map(|(w, p)| format!("{}{}", WORDS[w], PUNCT[p]))
                .collect();
            words.join(" ")
        })
    }

    proptest! {
        #[test]
        fn covenant_like_text_round_trips(
            lines in proptest::collection::vec(sentence(), 1..6),
            pick in 0usize..5,
        ) {
            let text = lines.join("\n");
            let enc = ALL[pick];
            let bytes = encode(&text, enc).unwrap();
            let r = decode_bytes(&bytes, None);
            prop_assert_eq!(r.detected, Detected::One(enc));
            if enc == Legacy::Tcvn3 {
                prop_assert_eq!(r.text.to_lowercase(), text.to_lowercase());
            } else {
                prop_assert_eq!(r.text, text);
            }
        }
    }
}

mod no_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn decode_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decode_bytes(&bytes, None);
            for e in ALL {
                let _ = decode_bytes(&bytes, Some(e));
            }
        }

        #[test]
        fn repair_str_never_panics(s in "\\PC{0,200}", pick in 0usize..6) {
            let hint = ALL.get(pick).copied();
            let _ = repair_str(&s, hint);
        }

        #[test]
        fn legacy_looking_strings_never_panic(
            s in "[a-zA-Z \\n\\r.?'`~^(+\\\\dD§µ¸·¹¶©ª«¬\u{AD}®Ññöôùøûõïâêáàåãäéèúüëíìæóòî€…“”–—]{0,120}",
            pick in 0usize..6,
        ) {
            let _ = repair_str(&s, ALL.get(pick).copied());
            let _ = decode_bytes(s.as_bytes(), None);
        }
    }
}

/// Unaccented prose and names whose letters Latin-1 happens to hold are
/// not weighed for legacy encodings at all; a line of legacy text in the
/// same file still is.
#[test]
fn clean_text_is_not_weighed_for_repair() {
    use huonguoc_text::legacy::may_need_repair;
    let unaccented = "Dieu 1. Nam, nu binh dang ve quyen loi va nghia vu.\nAi vi pham thi sao?\n";
    let names = "Điều 2. Ban điều hành\nSùng A Páo\nGiàng Mí Sính\n";
    assert!(!may_need_repair(unaccented));
    assert!(!may_need_repair(names));
    assert!(may_need_repair(&format!("{unaccented}Ho.c sinh\n")));
    assert!(may_need_repair(&format!("{names}§iÒu 3. Ph¹m vi\n")));
}
