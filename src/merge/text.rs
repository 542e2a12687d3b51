//! Long texts (notes, a preamble) merged line by line, and written back as
//! TOML strings in the style the file already uses.

use toml_edit::Value;

/// The three-way line merge of `base`, `ours` and `theirs`: the merged text,
/// or the text with conflict markers (`<<<<<<< ours`, `=======`,
/// `>>>>>>> theirs`), each on a line of its own.
pub fn merge_lines(base: &str, ours: &str, theirs: &str) -> Result<String, String> {
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_style(diffy::ConflictStyle::Merge)
        .set_incomplete_hunk_style(diffy::IncompleteHunkStyle::Git);
    options.merge(base, ours, theirs)
}

/// `text` as a TOML string value: a multi-line string when it spans lines,
/// literal (`'''`) when `like` was one and the text allows it, else basic
/// (`"""`); the decoration (spaces, comments) of `like` is kept.
pub fn string_value(text: &str, like: Option<&Value>) -> Value {
    let mut value = if text.contains('\n') {
        let literal = like.and_then(raw).is_some_and(|r| r.starts_with("'''"))
            && !text.contains("'''")
            && !text.ends_with('\'')
            && text
                .chars()
                .all(|c| c == '\n' || c == '\t' || !c.is_control());
        // The line break right after the opening quotes is not part of the
        // string, so the text comes out exactly as it is.
        let repr = if literal {
            format!("'''\n{text}'''")
        } else {
            format!("\"\"\"\n{}\"\"\"", escape_multiline(text))
        };
        repr.parse::<Value>().unwrap_or_else(|_| Value::from(text))
    } else {
        Value::from(text)
    };
    if let Some(like) = like {
        *value.decor_mut() = like.decor().clone();
    }
    value
}

fn raw(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => s.as_repr().and_then(|r| r.as_raw().as_str()),
        _ => None,
    }
}

/// The body of a basic multi-line string.
fn escape_multiline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quotes = 0;
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            // Three quotes in a row would end the string.
            '"' if quotes == 2 => {
                out.push_str("\\\"");
                quotes = 0;
                continue;
            }
            '"' => out.push('"'),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
        quotes = if c == '"' { quotes + 1 } else { 0 };
    }
    // A quote just before the closing quotes would run into them.
    if out.ends_with('"') && !out.ends_with("\\\"") {
        out.pop();
        out.push_str("\\\"");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_in_the_style_of_the_file() {
        for text in [
            "plain",
            "two\nlines\n",
            "\nstarts with a break",
            "quotes \"\"\" and \\ and \"",
            "a tab\there\r\nand a bell \u{7}",
            "ends in a quote\"",
        ] {
            let value = string_value(text, None);
            assert_eq!(value.as_str(), Some(text), "{value}");
            let reparsed: Value = value.to_string().trim().parse().unwrap();
            assert_eq!(reparsed.as_str(), Some(text));
        }
        let like: Value = "'''\nold\n'''".parse().unwrap();
        let value = string_value("new\ntext\n", Some(&like));
        assert_eq!(value.to_string(), "'''\nnew\ntext\n'''");
    }

    #[test]
    fn lines_merge_and_conflicts_are_marked_on_lines_of_their_own() {
        let base = "a\nb\nc\n";
        assert_eq!(
            merge_lines(base, "A\nb\nc\n", "a\nb\nC\n"),
            Ok("A\nb\nC\n".to_string())
        );
        let conflict = merge_lines(base, "a\nB\nc\n", "a\nX\nc\n").unwrap_err();
        assert!(
            conflict.contains("<<<<<<< ours\nB\n=======\nX\n>>>>>>> theirs\n"),
            "{conflict}"
        );
    }
}
