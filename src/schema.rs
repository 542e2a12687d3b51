//! The shape of our TOML files, checked before any value is trusted.
//!
//! serde stops at the first unknown key or wrong type; `check` must report
//! every one. So each file format declares its keys here as data, and
//! [`walk`] visits the parsed document once, reporting every unknown key
//! (with a "did you mean"), every value of the wrong type and every missing
//! key, and recording where each value sits so that later semantic checks can
//! point at it. Only a document that passes is handed to serde.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Lines, did_you_mean};

/// What a key may hold.
pub enum Kind {
    Str,
    Int,
    Bool,
    Date,
    /// A string from a closed list.
    OneOf(&'static [&'static str]),
    Array(&'static Kind),
    Table(&'static [Field]),
    /// An array of tables: `[[items]]`.
    Tables(&'static [Field]),
    /// A table whose keys are names chosen by the user: `[series.<name>]`.
    Map(&'static Kind),
    /// Either of two kinds, told apart by the TOML type of the value: a
    /// handle or a list of handles, a decision as text or as a table.
    Either(&'static Kind, &'static Kind),
}

/// One key of a table.
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
}

/// A key that may be left out.
pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: false,
    }
}

/// A key that must be there.
pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        required: true,
    }
}

/// Where each value of a document sits, by path: `items[1].actions[0].id`.
#[derive(Debug, Default, Clone)]
pub struct Spans(HashMap<String, Range<usize>>);

impl Spans {
    pub fn get(&self, path: &str) -> Option<Range<usize>> {
        self.0.get(path).cloned()
    }
}

/// Checks `root` against `fields`, returning every problem and the spans.
/// `lines` is the document's text, its lines counted once for all problems.
pub fn walk(
    file: &Path,
    lines: &Lines<'_>,
    root: &Spanned<DeTable<'_>>,
    fields: &[Field],
) -> (Vec<Diagnostic>, Spans) {
    let mut walker = Walker {
        file,
        lines,
        problems: Vec::new(),
        spans: Spans::default(),
    };
    walker.table("", root.get_ref(), root.span(), fields);
    (walker.problems, walker.spans)
}

struct Walker<'a> {
    file: &'a Path,
    lines: &'a Lines<'a>,
    problems: Vec<Diagnostic>,
    spans: Spans,
}

impl Walker<'_> {
    fn table(&mut self, path: &str, table: &DeTable<'_>, span: Range<usize>, fields: &[Field]) {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let child = join(path, name);
            match fields.iter().find(|f| f.name == name) {
                Some(field) => self.value(&child, value, &field.kind),
                None => {
                    let mut d =
                        self.lines
                            .at(self.file, key.span(), format!("unknown key `{child}`"));
                    d = match did_you_mean(name, fields.iter().map(|f| f.name)) {
                        Some(close) => d.with_help(format!("did you mean `{close}`?")),
                        None => d.with_help(format!("the keys known here are: {}", names(fields))),
                    };
                    self.problems.push(d);
                }
            }
        }
        for field in fields.iter().filter(|f| f.required) {
            if !table
                .iter()
                .any(|(k, _)| k.get_ref().as_ref() == field.name)
            {
                let head = if path.is_empty() { 0..0 } else { span.clone() };
                let message = format!("missing key `{}`", join(path, field.name));
                self.problems
                    .push(self.lines.at(self.file, head, message).with_help(format!(
                        "add `{} = {}`",
                        field.name,
                        example(&field.kind)
                    )));
            }
        }
    }

    fn value(&mut self, path: &str, value: &Spanned<DeValue<'_>>, kind: &Kind) {
        if let Kind::Either(first, second) = kind {
            let chosen = [first, second]
                .into_iter()
                .find(|k| holds(k, value.get_ref()));
            if let Some(chosen) = chosen {
                return self.value(path, value, chosen);
            }
        }
        let span = value.span();
        self.spans.0.insert(path.to_string(), span.clone());
        let ok = match (kind, value.get_ref()) {
            (Kind::Str, DeValue::String(_)) | (Kind::Bool, DeValue::Boolean(_)) => true,
            (Kind::Int, DeValue::Integer(i)) => {
                if i.as_str().parse::<u32>().is_err() || i.radix() != 10 {
                    self.error(
                        span.clone(),
                        format!("`{path}` must be a whole number from 0 up"),
                        None,
                    );
                }
                true
            }
            (Kind::Date, DeValue::Datetime(dt)) => {
                if dt.date.is_none() || dt.time.is_some() || dt.offset.is_some() {
                    self.error(
                        span.clone(),
                        format!("`{path}` must be a date without a time"),
                        Some("write it as 2025-01-28, unquoted"),
                    );
                }
                true
            }
            (Kind::Date, DeValue::String(s)) => {
                let help = format!("write the date unquoted: {}", s.as_ref());
                self.error(
                    span.clone(),
                    format!("`{path}` must be a TOML date, not a string"),
                    Some(&help),
                );
                true
            }
            (Kind::OneOf(allowed), DeValue::String(s)) => {
                if !allowed.contains(&s.as_ref()) {
                    let help = match did_you_mean(s, allowed.iter().copied()) {
                        Some(close) => format!("did you mean \"{close}\"?"),
                        None => format!("use one of: {}", allowed.join(", ")),
                    };
                    self.error(
                        span.clone(),
                        format!("`{path}` cannot be \"{s}\""),
                        Some(&help),
                    );
                }
                true
            }
            (Kind::Array(inner), DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(&format!("{path}[{i}]"), item, inner);
                }
                true
            }
            (Kind::Table(fields), DeValue::Table(table)) => {
                self.table(path, table, span.clone(), fields);
                true
            }
            (Kind::Tables(fields), DeValue::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let child = format!("{path}[{i}]");
                    match item.get_ref() {
                        DeValue::Table(table) => {
                            self.spans.0.insert(child.clone(), item.span());
                            self.table(&child, table, item.span(), fields);
                        }
                        _ => self.error(item.span(), format!("`{child}` must be a table"), None),
                    }
                }
                true
            }
            (Kind::Map(inner), DeValue::Table(table)) => {
                for (key, item) in table.iter() {
                    self.value(&join(path, key.get_ref()), item, inner);
                }
                true
            }
            _ => false,
        };
        if !ok {
            let found = value.get_ref().type_str();
            let help = match kind {
                Kind::Either(a, b) => format!(
                    "write it like `{key} = {}` or `{key} = {}`",
                    example(a),
                    example(b),
                    key = leaf(path)
                ),
                _ => format!("write it like `{} = {}`", leaf(path), example(kind)),
            };
            self.error(
                span,
                format!("`{path}` must be {}, not {found}", describe(kind)),
                Some(&help),
            );
        }
    }

    fn error(&mut self, span: Range<usize>, message: String, help: Option<&str>) {
        let mut d = self.lines.at(self.file, span, message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.problems.push(d);
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

fn leaf(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| format!("`{}`", f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether `value` has the TOML type that `kind` reads (its contents are
/// checked once the kind is chosen).
fn holds(kind: &Kind, value: &DeValue<'_>) -> bool {
    match (kind, value) {
        (Kind::Str | Kind::OneOf(_), DeValue::String(_))
        | (Kind::Int, DeValue::Integer(_))
        | (Kind::Bool, DeValue::Boolean(_))
        | (Kind::Date, DeValue::Datetime(_))
        | (Kind::Array(_) | Kind::Tables(_), DeValue::Array(_))
        | (Kind::Table(_) | Kind::Map(_), DeValue::Table(_)) => true,
        (Kind::Either(a, b), value) => holds(a, value) || holds(b, value),
        _ => false,
    }
}

fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Str | Kind::OneOf(_) => "a string".into(),
        Kind::Int => "a whole number".into(),
        Kind::Bool => "true or false".into(),
        Kind::Date => "a date".into(),
        Kind::Array(_) => "an array".into(),
        Kind::Table(_) | Kind::Map(_) => "a table".into(),
        Kind::Tables(_) => "an array of tables".into(),
        Kind::Either(a, b) => format!("{} or {}", describe(a), describe(b)),
    }
}

fn example(kind: &Kind) -> String {
    match kind {
        Kind::Either(first, _) => example(first),
        Kind::Str => "\"...\"".into(),
        Kind::OneOf(allowed) => format!("\"{}\"", allowed[0]),
        Kind::Int => "30".into(),
        Kind::Bool => "true".into(),
        Kind::Date => "2025-01-28".into(),
        Kind::Array(inner) => format!("[{}]", example(inner)),
        Kind::Table(_) | Kind::Map(_) => "{ ... }".into(),
        Kind::Tables(_) => "[{ ... }]".into(),
    }
}

/// Each format is declared twice: as serde types, and as the key table that
/// [`walk`] checks. These tests keep the two equal: they trace what serde's
/// derived code asks of a deserializer (every field of every struct, the
/// kind of each value, the names of an enum, and which fields it lets a file
/// leave out) and compare that with the table, naming each field that one
/// side lacks.
#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::de::value::{MapDeserializer, StrDeserializer};
    use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

    use super::{Field, Kind, opt, req};

    /// What a key holds, as either side declares it.
    #[derive(Debug, PartialEq)]
    enum Shape {
        /// Not traced (yet).
        Unknown,
        /// One of several kinds, by the value given.
        Any,
        Str,
        Int,
        Bool,
        Date,
        OneOf(Vec<String>),
        Array(Box<Shape>),
        Map(Box<Shape>),
        /// Each key: whether a file must give it, and what it holds.
        Table(BTreeMap<String, (bool, Shape)>),
    }

    /// The name toml gives the struct that carries a TOML date through serde.
    const TOML_DATE: &str = "$__toml_private_Datetime";
    /// What the trace gives every string (and every date).
    const SAMPLE: &str = "2025-01-28";

    #[derive(Debug)]
    struct Traced(String);

    impl std::fmt::Display for Traced {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Traced {}

    impl de::Error for Traced {
        fn custom<T: std::fmt::Display>(message: T) -> Self {
            Traced(message.to_string())
        }
    }

    fn join(path: &str, name: &str) -> String {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    }

    /// A deserializer that records what it is asked for into `shape` and
    /// answers with a sample value; `omit` names a field to leave out.
    struct Tracer<'a> {
        path: String,
        omit: Option<&'a str>,
        shape: &'a mut Shape,
    }

    /// Kinds of value that no format of ours holds: tracing one is a
    /// mistake in the serde types, named by its path.
    macro_rules! untraced {
        ($($method:ident)*) => {
            $(
                fn $method<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Traced> {
                    Err(Traced(format!(
                        "`{}`: serde asks for a kind of value that this trace does not know",
                        self.path
                    )))
                }
            )*
        };
    }

    impl<'de> de::Deserializer<'de> for Tracer<'_> {
        type Error = Traced;

        /// A value that decides by what it is given (a handle or a list,
        /// text or a table): the trace gives it text, and the table side
        /// declares it with `Kind::Either`. The table form of such a value
        /// is its own struct, traced on its own.
        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Any;
            visitor.visit_str(SAMPLE)
        }

        fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Bool;
            visitor.visit_bool(false)
        }

        fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Int;
            visitor.visit_u32(0)
        }

        fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Str;
            visitor.visit_str(SAMPLE)
        }

        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            self.deserialize_str(visitor)
        }

        fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            visitor.visit_some(self)
        }

        fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Array(Box::new(Shape::Unknown));
            let Shape::Array(inner) = self.shape else {
                unreachable!()
            };
            visitor.visit_seq(One {
                path: format!("{}[]", self.path),
                omit: self.omit,
                slot: Some(inner),
            })
        }

        fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Traced> {
            *self.shape = Shape::Map(Box::new(Shape::Unknown));
            let Shape::Map(inner) = self.shape else {
                unreachable!()
            };
            visitor.visit_map(Entries {
                path: format!("{}.*", self.path),
                omit: self.omit,
                keys: vec!["name"].into_iter(),
                slots: Slots::One(inner),
            })
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Traced> {
            if name == TOML_DATE {
                *self.shape = Shape::Date;
                let entries = fields.iter().map(|f| (*f, SAMPLE));
                return visitor.visit_map(MapDeserializer::new(entries));
            }
            let table = fields
                .iter()
                .map(|f| (f.to_string(), (true, Shape::Unknown)))
                .collect();
            *self.shape = Shape::Table(table);
            let Shape::Table(table) = self.shape else {
                unreachable!()
            };
            let path = self.path;
            let omit = self.omit;
            let keys: Vec<&'static str> = fields
                .iter()
                .copied()
                .filter(|f| omit != Some(join(&path, f).as_str()))
                .collect();
            visitor.visit_map(Entries {
                path,
                omit,
                keys: keys.into_iter(),
                slots: Slots::Fields(table, None),
            })
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Traced> {
            *self.shape = Shape::OneOf(variants.iter().map(|v| v.to_string()).collect());
            visitor.visit_enum(StrDeserializer::<Traced>::new(variants[0]))
        }

        untraced! {
            deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
            deserialize_u8 deserialize_u16 deserialize_u64 deserialize_u128 deserialize_f32
            deserialize_f64 deserialize_char deserialize_bytes deserialize_byte_buf
            deserialize_unit deserialize_identifier deserialize_ignored_any
        }

        serde::forward_to_deserialize_any! {
            unit_struct newtype_struct tuple tuple_struct
        }
    }

    /// A sequence of one traced element.
    struct One<'a> {
        path: String,
        omit: Option<&'a str>,
        slot: Option<&'a mut Shape>,
    }

    impl<'de> de::SeqAccess<'de> for One<'_> {
        type Error = Traced;

        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, Traced> {
            let Some(shape) = self.slot.take() else {
                return Ok(None);
            };
            let path = self.path.clone();
            seed.deserialize(Tracer {
                path,
                omit: self.omit,
                shape,
            })
            .map(Some)
        }
    }

    /// Where the values of a map or struct are traced to.
    enum Slots<'a> {
        /// Every value of a map: one shape.
        One(&'a mut Shape),
        /// The fields of a struct, and the one whose key was just given.
        Fields(
            &'a mut BTreeMap<String, (bool, Shape)>,
            Option<&'static str>,
        ),
    }

    struct Entries<'a> {
        path: String,
        omit: Option<&'a str>,
        keys: std::vec::IntoIter<&'static str>,
        slots: Slots<'a>,
    }

    impl<'de> de::MapAccess<'de> for Entries<'_> {
        type Error = Traced;

        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, Traced> {
            let Some(key) = self.keys.next() else {
                return Ok(None);
            };
            if let Slots::Fields(_, current) = &mut self.slots {
                *current = Some(key);
            }
            seed.deserialize(key.into_deserializer()).map(Some)
        }

        fn next_value_seed<V: DeserializeSeed<'de>>(
            &mut self,
            seed: V,
        ) -> Result<V::Value, Traced> {
            let (path, shape) = match &mut self.slots {
                Slots::One(shape) => (self.path.clone(), &mut **shape),
                Slots::Fields(table, current) => {
                    let key = current.take().expect("a key before its value");
                    let field = table.get_mut(key).expect("a field of the struct");
                    (join(&self.path, key), &mut field.1)
                }
            };
            seed.deserialize(Tracer {
                path,
                omit: self.omit,
                shape,
            })
        }
    }

    fn trace<T: DeserializeOwned>(omit: Option<&str>) -> Result<Shape, Traced> {
        let mut shape = Shape::Unknown;
        T::deserialize(Tracer {
            path: String::new(),
            omit,
            shape: &mut shape,
        })?;
        Ok(shape)
    }

    /// What serde reads into `T`, with each field's need found by leaving it
    /// out: serde reports a missing field only when it has no default.
    fn serde_shape<T: DeserializeOwned>() -> Shape {
        fn mark<T: DeserializeOwned>(shape: &mut Shape, path: &str) {
            match shape {
                Shape::Table(fields) => {
                    for (name, (required, inner)) in fields.iter_mut() {
                        let path = join(path, name);
                        *required = match trace::<T>(Some(&path)) {
                            Ok(_) => false,
                            Err(e) if e.0.starts_with("missing field") => true,
                            Err(e) => panic!("`{path}` left out: {e}"),
                        };
                        mark::<T>(inner, &path);
                    }
                }
                Shape::Array(inner) => mark::<T>(inner, &format!("{path}[]")),
                Shape::Map(inner) => mark::<T>(inner, &format!("{path}.*")),
                _ => {}
            }
        }
        let mut shape = trace::<T>(None).unwrap_or_else(|e| panic!("{e}"));
        mark::<T>(&mut shape, "");
        shape
    }

    fn table_shape(fields: &[Field]) -> Shape {
        Shape::Table(
            fields
                .iter()
                .map(|f| (f.name.to_string(), (f.required, kind_shape(&f.kind))))
                .collect(),
        )
    }

    fn kind_shape(kind: &Kind) -> Shape {
        match kind {
            Kind::Str => Shape::Str,
            Kind::Int => Shape::Int,
            Kind::Bool => Shape::Bool,
            Kind::Date => Shape::Date,
            Kind::OneOf(names) => Shape::OneOf(names.iter().map(|n| n.to_string()).collect()),
            Kind::Array(inner) => Shape::Array(Box::new(kind_shape(inner))),
            Kind::Table(fields) => table_shape(fields),
            Kind::Tables(fields) => Shape::Array(Box::new(table_shape(fields))),
            Kind::Map(inner) => Shape::Map(Box::new(kind_shape(inner))),
            Kind::Either(..) => Shape::Any,
        }
    }

    /// Where the serde side and the table side part, one line each.
    fn differences(path: &str, serde: &Shape, table: &Shape, out: &mut Vec<String>) {
        let need = |required: bool| if required { "required" } else { "optional" };
        match (serde, table) {
            (Shape::Table(ours), Shape::Table(theirs)) => {
                for name in ours.keys().filter(|n| !theirs.contains_key(*n)) {
                    out.push(format!(
                        "`{}`: a field of the serde type is missing from the key table",
                        join(path, name)
                    ));
                }
                for name in theirs.keys().filter(|n| !ours.contains_key(*n)) {
                    out.push(format!(
                        "`{}`: a key of the key table is missing from the serde type",
                        join(path, name)
                    ));
                }
                for (name, (required, inner)) in ours {
                    let Some((declared, other)) = theirs.get(name) else {
                        continue;
                    };
                    let path = join(path, name);
                    if required != declared {
                        out.push(format!(
                            "`{path}`: serde has it {}, the key table {}",
                            need(*required),
                            need(*declared)
                        ));
                    }
                    differences(&path, inner, other, out);
                }
            }
            (Shape::Array(ours), Shape::Array(theirs)) => {
                differences(&format!("{path}[]"), ours, theirs, out)
            }
            (Shape::Map(ours), Shape::Map(theirs)) => {
                differences(&format!("{path}.*"), ours, theirs, out)
            }
            (ours, theirs) if ours != theirs => out.push(format!(
                "`{path}`: serde reads {ours:?}, the key table declares {theirs:?}"
            )),
            _ => {}
        }
    }

    fn disagreements<T: DeserializeOwned>(fields: &[Field]) -> Vec<String> {
        let mut out = Vec::new();
        differences("", &serde_shape::<T>(), &table_shape(fields), &mut out);
        out
    }

    #[track_caller]
    fn assert_one_declaration<T: DeserializeOwned>(fields: &[Field]) {
        let found = disagreements::<T>(fields);
        assert!(found.is_empty(), "\n{}", found.join("\n"));
    }

    #[test]
    fn the_meeting_table_declares_what_serde_reads() {
        assert_one_declaration::<crate::meeting::Meeting>(crate::meeting::FIELDS);
    }

    #[test]
    fn the_configuration_table_declares_what_serde_reads() {
        assert_one_declaration::<crate::config::Config>(crate::config::FIELDS);
    }

    /// The table forms of values written as text or as a table.
    #[test]
    fn the_table_forms_declare_what_serde_reads() {
        assert_one_declaration::<crate::meeting::DecisionTable>(crate::meeting::DECISION_FIELDS);
        assert_one_declaration::<crate::config::PersonTable>(crate::config::PERSON_FIELDS);
    }

    #[test]
    fn either_kind_is_told_by_the_value() {
        const PERSON: &[Field] = &[req("name", Kind::Str)];
        const FIELDS: &[Field] = &[
            opt("chair", Kind::Either(&Kind::Str, &Kind::Array(&Kind::Str))),
            opt(
                "people",
                Kind::Map(&Kind::Either(&Kind::Str, &Kind::Table(PERSON))),
            ),
        ];
        let walk = |text: &str| {
            let root = toml::de::DeTable::parse(text).unwrap();
            let lines = crate::diagnostic::Lines::new(text);
            super::walk(std::path::Path::new("x.toml"), &lines, &root, FIELDS).0
        };
        assert!(walk("chair = \"ada\"\npeople = { ada = \"Ada\" }").is_empty());
        assert!(walk("chair = [\"ada\", \"bo\"]\n[people.ada]\nname = \"Ada\"").is_empty());
        let problems = walk("chair = 3\n[people.ada]\nnmae = \"Ada\"");
        let messages: Vec<_> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`chair` must be a string or an array, not integer",
                "unknown key `people.ada.nmae`",
                "missing key `people.ada.name`",
            ]
        );
    }

    #[test]
    fn the_translation_table_declares_what_serde_reads() {
        assert_one_declaration::<crate::translation::Overlay>(crate::translation::FIELDS);
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        parts: Vec<Part>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Part {
        #[serde(deserialize_with = "crate::toml_date::date")]
        date: chrono::NaiveDate,
        count: Option<u32>,
    }

    #[test]
    fn a_field_on_one_side_only_is_named() {
        const PART: &[Field] = &[
            opt("date", Kind::Date),
            req("count", Kind::Int),
            opt("note", Kind::Str),
        ];
        let table = [req("title", Kind::Bool), opt("parts", Kind::Tables(PART))];
        assert_eq!(
            disagreements::<Sample>(&table),
            [
                "`tags`: a field of the serde type is missing from the key table",
                "`parts[].note`: a key of the key table is missing from the serde type",
                "`parts[].count`: serde has it optional, the key table required",
                "`parts[].date`: serde has it required, the key table optional",
                "`title`: serde reads Str, the key table declares Bool",
            ]
        );
    }
}
