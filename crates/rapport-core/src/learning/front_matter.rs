//! The front matter of a content file: `key: value` lines between two `---`.
//!
//! Deliberately not YAML: no nesting, no types, so an admin editing a file
//! cannot be surprised by YAML's coercions (`no` as false, `1.10` as 1.1),
//! and every mistake can be reported by its line.

/// One `key: value` line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Field {
    pub key: String,
    pub value: String,
    /// 1-based line number in the file.
    pub line: usize,
}

/// A file split into its fields and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FrontMatter {
    pub fields: Vec<Field>,
    pub body: String,
}

/// Splits `text`; an error is `(line, message)`.
pub(super) fn split(text: &str) -> Result<FrontMatter, Vec<(usize, String)>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    if lines.next().map(str::trim_end) != Some("---") {
        return Err(vec![(
            1,
            "missing front matter: the file must start with a line `---`".into(),
        )]);
    }
    let mut fields = Vec::new();
    let mut errors = Vec::new();
    let mut closed = None;
    for (i, line) in lines.enumerate() {
        let number = i + 2;
        if line.trim_end() == "---" {
            closed = Some(number);
            break;
        }
        match field(line, number) {
            Ok(None) => {}
            Ok(Some(f)) => {
                if fields.iter().any(|g: &Field| g.key == f.key) {
                    errors.push((number, format!("`{}` is given twice", f.key)));
                } else {
                    fields.push(f);
                }
            }
            Err(message) => errors.push((number, message)),
        }
    }
    let Some(end) = closed else {
        return Err(vec![(
            1,
            "the front matter is not closed: no line `---` after the first".into(),
        )]);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let body = text.split('\n').skip(end).collect::<Vec<_>>().join("\n");
    Ok(FrontMatter { fields, body })
}

/// One line: blank and `#` comment lines are `None`.
fn field(line: &str, number: usize) -> Result<Option<Field>, String> {
    let trimmed = line.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(None);
    }
    let Some((key, value)) = trimmed.split_once(':') else {
        return Err(format!("expected `key: value`, found `{}`", clip(trimmed)));
    };
    let key = key.trim();
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return Err(format!(
            "`{}` is not a key (lowercase letters and `_`)",
            clip(key)
        ));
    }
    let value = unquote(value.trim())?;
    Ok(Some(Field {
        key: key.to_string(),
        value,
        line: number,
    }))
}

/// A value in double quotes may hold `\"` and `\\`; a bare one is taken as is.
fn unquote(value: &str) -> Result<String, String> {
    let Some(inner) = value.strip_prefix('"') else {
        return Ok(value.to_string());
    };
    let Some(inner) = inner.strip_suffix('"') else {
        return Err("a value that opens with `\"` must close with `\"`".into());
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(e @ ('"' | '\\')) => out.push(e),
                _ => return Err("in a quoted value, `\\` may only escape `\"` or `\\`".into()),
            },
            '"' => return Err("a `\"` inside a quoted value must be written `\\\"`".into()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Long text in an error message is cut, so the message stays readable.
fn clip(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_fields_and_body() {
        let fm = split("---\n# note\ntitle: \"A \\\"b\\\"\"\n\nn: 3\n---\nBody\n").unwrap();
        assert_eq!(fm.fields.len(), 2);
        assert_eq!(fm.fields[0].value, "A \"b\"");
        assert_eq!(fm.fields[1].line, 5);
        assert_eq!(fm.body, "Body\n");
    }

    #[test]
    fn reports_lines() {
        assert_eq!(split("no").unwrap_err()[0].0, 1);
        assert_eq!(split("---\na: 1\nbad line\n---\n").unwrap_err()[0].0, 3);
        assert_eq!(split("---\na: \"x\n---\n").unwrap_err()[0].0, 2);
        assert_eq!(split("---\na: 1\na: 2\n---\n").unwrap_err()[0].0, 3);
        assert_eq!(split("---\na: 1\n").unwrap_err()[0].0, 1);
    }
}
