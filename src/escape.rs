//! Text from the archive made safe to show on a terminal: control
//! characters shown as visible symbols (`␛`, `␊`), never obeyed, so that a
//! title cannot move the cursor, retitle the window or forge a row.
//!
//! Pure functions over text, shared by `ui`, which writes everything
//! through [`terminal`], and `diagnostic`, which keeps the message and the
//! source line of a problem on their lines. Knows no stream and no colour
//! choice: writing is `ui`'s.

use std::borrow::Cow;

/// The visible stand-in for a character that must not reach the terminal
/// as it is, if `c` is one: C0 controls as their Unicode pictures (`␛`,
/// `␊`), DEL as `␡`, C1 controls, bidirectional overrides and line or
/// paragraph separators as `�`.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('\u{2421}'),
        '\u{80}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{2028}'
        | '\u{2029}' => Some('\u{fffd}'),
        _ => None,
    }
}

fn replace(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| !keep(c) && stand_in(c).is_some()) {
        return Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match stand_in(c) {
            Some(picture) if !keep(c) => picture,
            _ => c,
        })
        .collect()
}

/// `c`, or its visible stand-in when it is a control character.
pub fn visible(c: char) -> char {
    stand_in(c).unwrap_or(c)
}

/// `text` as one line of a terminal view: every control character,
/// line breaks and tabs included, shown as a visible symbol.
pub fn one_line(text: &str) -> Cow<'_, str> {
    replace(text, |_| false)
}

/// `text` for the terminal, over as many lines as it has: control
/// characters but line breaks and tabs shown as visible symbols.
pub fn printable(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\n' || c == '\t')
}

/// What reaches the terminal: [`printable`], except that the colour codes
/// our styles are made of (`ESC [ 1 ; 32 m`) pass. Other escape sequences
/// (cursor moves, titles, hyperlinks, clearing the screen) are shown, not
/// run; colour from the data can only colour, as ours does.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let kept = |c: char| c == '\n' || c == '\t' || c == '\x1b';
    let printable = replace(text, kept);
    if !printable.contains('\x1b') {
        return printable;
    }
    let mut out = String::with_capacity(printable.len());
    let mut rest = printable.as_ref();
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match colour_code(rest) {
            Some(len) => {
                out.push('\x1b');
                out.push_str(&rest[..len]);
                rest = &rest[len..];
            }
            None => out.push('\u{241b}'),
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The length of `[1;32m` at the start of `text` (after an ESC) when it is
/// a colour code of the kinds our styles use: bold, dim, italic, underline,
/// strikethrough, their resets, and the sixteen colours.
fn colour_code(text: &str) -> Option<usize> {
    let body = text.strip_prefix('[')?;
    let end = body.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
    if !body[end..].starts_with('m') {
        return None;
    }
    let allowed = |n: u8| matches!(n, 0..=4 | 9 | 22..=24 | 29 | 30..=37 | 39 | 40..=47 | 49 | 90..=97 | 100..=107);
    body[..end]
        .split(';')
        .all(|p| p.is_empty() || p.parse::<u8>().is_ok_and(allowed))
        .then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_shows_every_control_and_keeps_the_rest() {
        assert_eq!(
            one_line("Congo\n2025-01-01  x\t\x1b]0;t\x07"),
            "Congo␊2025-01-01  x␉␛]0;t␇"
        );
        assert_eq!(one_line("a\u{202e}b\u{85}"), "a�b�");
        assert!(matches!(one_line("Goma, martedì"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_terminal_gets_line_breaks_and_our_colours_only() {
        assert_eq!(printable("a\nb\r"), "a\nb␍");
        let ours = "\x1b[1;32mok\x1b[0m\n";
        assert_eq!(terminal(ours), ours);
        assert_eq!(terminal("\x1b[2J\x1b]8;;x\x07"), "␛[2J␛]8;;x␇");
    }
}
