//! Counts in messages, agreeing in number: "1 item", "2 items".
//!
//! Every message that counts something says it through [`count`], so that
//! no "item(s)" is left for a reader to decode. It knows English nouns
//! that take an `s`; nothing else.

/// `n` and `noun`: "1 item", "0 items", "2 open actions".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn one_is_singular_and_every_other_number_plural() {
        assert_eq!(count(1, "item"), "1 item");
        assert_eq!(count(0, "item"), "0 items");
        assert_eq!(count(2, "meeting file"), "2 meeting files");
    }
}
