//! Decoding, legacy-encoding repair and normalisation of arbitrary bytes.
//! Invariant: every span of the matching form maps back inside the source,
//! on char boundaries, in order.
#![no_main]

use huonguoc_text::{DecodeOptions, Mode, decode, legacy, normalize};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(decoded) = decode(data, &DecodeOptions::default()) else {
        return;
    };
    let text = &decoded.text;
    if legacy::may_need_repair(text) {
        let _ = legacy::repair_str(text, None);
    }
    let _ = legacy::decode_bytes(data, None);
    for mode in [Mode::Accented, Mode::Folded] {
        let n = normalize(text, mode);
        assert_eq!(n.map.source_len(), text.len());
        assert_eq!(n.map.derived_len(), n.text.len());
        let bounds = n.text.char_indices().map(|(i, _)| i).chain([n.text.len()]);
        let mut last_start = 0;
        for b in bounds {
            let (s, e) = (n.map.start_to_source(b), n.map.end_to_source(b));
            for at in [s, e] {
                assert!(at <= text.len(), "{at} past {}", text.len());
                assert!(text.is_char_boundary(at), "{at} inside a char");
            }
            assert!(s >= last_start, "starts go back: {s} < {last_start}");
            last_start = s;
            // The span [b, b] starts no later than it ends.
            let _ = &text[s.min(e)..e.max(s)];
        }
    }
});
