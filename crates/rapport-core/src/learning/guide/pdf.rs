//! A minimal PDF 1.4 writer: numbered objects, uncompressed content
//! streams, and an exact cross-reference table.
//!
//! Written by hand rather than with a crate: the guide needs two standard
//! fonts and text, which is a few hundred bytes of syntax, and the app
//! should not carry a PDF library for it.

use std::fmt::Write as _;

use super::layout::Line;

/// Collects objects and writes the file.
#[derive(Debug, Default)]
pub(super) struct Pdf {
    /// Object bodies, object `i + 1` at index `i`.
    objects: Vec<Vec<u8>>,
}

impl Pdf {
    /// Reserves the next object number (bodies may refer to later objects).
    pub(super) fn reserve(&mut self) -> usize {
        self.objects.push(Vec::new());
        self.objects.len()
    }

    pub(super) fn set(&mut self, id: usize, body: impl Into<Vec<u8>>) {
        self.objects[id - 1] = body.into();
    }

    pub(super) fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        let id = self.reserve();
        self.set(id, body);
        id
    }

    /// A stream object with its exact `/Length`.
    pub(super) fn add_stream(&mut self, data: &[u8]) -> usize {
        let mut body = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// The file: header, objects, xref (each entry exactly 20 bytes, the
    /// byte offset of its `N 0 obj`), trailer.
    pub(super) fn finish(self, root: usize, info: usize) -> Vec<u8> {
        // The binary comment tells tools the file holds 8-bit data.
        let mut out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::with_capacity(self.objects.len());
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
        for offset in offsets {
            let _ = writeln!(table, "{offset:010} 00000 n ");
        }
        let _ = write!(
            table,
            "trailer\n<< /Size {} /Root {root} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.objects.len() + 1
        );
        out.extend_from_slice(table.as_bytes());
        out
    }
}

/// A literal string `( … )`: `(`, `)` and `\` escaped, bytes outside
/// printable ASCII as octal, so the content stream stays plain ASCII.
pub(super) fn literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(b as char);
            }
            b' '..=b'~' => out.push(b as char),
            _ => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out.push(')');
    out
}

/// A text string for the document information dictionary: UTF-16BE with
/// its byte order mark, which every reader understands for any text.
pub(super) fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
    out
}

/// A page's content stream: one text object per line.
pub(super) fn content(lines: &[Line]) -> Vec<u8> {
    let mut out = String::new();
    for line in lines {
        let _ = writeln!(
            out,
            "BT /{} {:.1} Tf {:.2} {:.2} Td {} Tj ET",
            line.font.resource(),
            line.size,
            line.x,
            line.y,
            literal(&line.text)
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_literals() {
        assert_eq!(literal(b"a(b)c\\d\x93"), "(a\\(b\\)c\\\\d\\223)");
        assert_eq!(text_string("Hé"), "<FEFF004800E9>");
    }
}
