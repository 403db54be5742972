//! serde_json's pretty layout, with each line's indent written at once.
//!
//! `serde_json::ser::PrettyFormatter` writes a line's indent one level at a
//! time: five writes of two spaces for a finding's field, about 1.7 million
//! small copies for the 1,000-covenant batch. This formatter makes the same
//! bytes (the tests compare the two) with one write per line, and can start
//! a few levels deep, where a file's object sits in the report.

use std::io::{self, Write};

use serde_json::ser::Formatter;

/// Spaces for the indents: deeper ones are written in pieces.
const SPACES: &[u8; 64] = &[b' '; 64];

/// serde_json's pretty layout (two spaces a level) from a given depth.
#[derive(Debug, Default)]
pub struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A formatter whose first value sits `depth` levels deep: its lines
    /// are indented as if inside that many arrays or objects. At depth 1,
    /// `[1]` is written `[`, `    1`, `  ]` on three lines.
    pub fn at_depth(depth: usize) -> Pretty {
        Pretty {
            depth,
            has_value: false,
        }
    }

    /// A line break (after a comma unless `first`) and the indent.
    fn new_line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        let mut n = 2 * self.depth;
        while n > 0 {
            let piece = n.min(SPACES.len());
            w.write_all(&SPACES[..piece])?;
            n -= piece;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.new_line(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.new_line(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// serde_json's own pretty output of `v`, nested `depth` levels deep.
    fn serde_pretty(v: &serde_json::Value, depth: usize) -> Vec<u8> {
        let mut f = serde_json::ser::PrettyFormatter::new();
        let mut nowhere = io::sink();
        for _ in 0..depth {
            f.begin_object(&mut nowhere).expect("sink");
        }
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, f);
        serde::Serialize::serialize(v, &mut ser).expect("serialize");
        out
    }

    fn ours(v: &serde_json::Value, depth: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::at_depth(depth));
        serde::Serialize::serialize(v, &mut ser).expect("serialize");
        out
    }

    #[test]
    fn the_bytes_are_serde_jsons() {
        let values = [
            json!(1),
            json!("a\"\n"),
            json!([]),
            json!({}),
            json!([1, [2, []], {"a": {}}]),
            json!({"files": [{"path": "a", "findings": [{"legal": ["x", "y"], "point": null}]}]}),
        ];
        for v in &values {
            for depth in [0, 1, 2, 5, 40] {
                assert_eq!(
                    String::from_utf8(ours(v, depth)).expect("utf-8"),
                    String::from_utf8(serde_pretty(v, depth)).expect("utf-8"),
                    "{v} at depth {depth}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_nesting_is_laid_out_as_serde_json_does(
            shape in proptest::collection::vec(0u8..6, 0..40),
            depth in 0usize..4,
        ) {
            // A value built from a list of steps: open an array or an
            // object, close one, or add a leaf.
            let mut stack: Vec<serde_json::Value> = vec![json!([])];
            for (i, step) in shape.iter().enumerate() {
                match step {
                    0 => stack.push(json!([])),
                    1 => stack.push(json!({})),
                    2 if stack.len() > 1 => {
                        let v = stack.pop().expect("value");
                        push(stack.last_mut().expect("parent"), i, v);
                    }
                    _ => push(stack.last_mut().expect("parent"), i, json!(i)),
                }
            }
            while stack.len() > 1 {
                let v = stack.pop().expect("value");
                push(stack.last_mut().expect("parent"), 0, v);
            }
            let v = &stack[0];
            proptest::prop_assert_eq!(ours(v, depth), serde_pretty(v, depth));
        }
    }

    fn push(parent: &mut serde_json::Value, i: usize, v: serde_json::Value) {
        match parent {
            serde_json::Value::Array(a) => a.push(v),
            serde_json::Value::Object(o) => {
                o.insert(format!("k{i}"), v);
            }
            _ => unreachable!("only arrays and objects are parents"),
        }
    }
}
