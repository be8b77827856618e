//! Markers: how templates tell the assembler about things only it can settle (numbers of
//! cross-references, placeholders, anchors, the definitions list). A marker is a reserved
//! private-use character, a kind, a payload and a closing character. Answers can never
//! contain them: the answers reader refuses the characters and the escaper drops them, so
//! an answer can never forge a marker.

use crate::doc::AnswerKey;

/// Opens a marker.
pub const OPEN: char = '\u{E000}';
/// Closes a marker.
pub const CLOSE: char = '\u{E001}';

pub fn is_reserved(c: char) -> bool {
    c == OPEN || c == CLOSE
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// A cross-reference to a clause, paragraph anchor or schedule.
    Ref { target: String, bare: bool },
    /// An unanswered question, shown as "`[label]`", with the answer that fills it.
    Placeholder(crate::doc::Placeholder),
    /// Names the paragraph it stands in, so references can point at it.
    Anchor(String),
    /// Where the definitions list goes.
    Definitions,
}

impl Marker {
    pub fn encode(&self) -> String {
        let inner = match self {
            Marker::Ref { target, bare: false } => format!("ref:{target}"),
            Marker::Ref { target, bare: true } => format!("refn:{target}"),
            Marker::Placeholder(p) => format!("ph:{}:{}", p.answer.as_ref().map(key_text).unwrap_or_default(), p.label),
            Marker::Anchor(id) => format!("anchor:{id}"),
            Marker::Definitions => "definitions".to_string(),
        };
        format!("{OPEN}{inner}{CLOSE}")
    }

    fn decode(inner: &str) -> Option<Marker> {
        let (kind, rest) = inner.split_once(':').unwrap_or((inner, ""));
        Some(match kind {
            "ref" => Marker::Ref { target: rest.to_string(), bare: false },
            "refn" => Marker::Ref { target: rest.to_string(), bare: true },
            "ph" => {
                let (key, label) = rest.split_once(':')?;
                let answer = if key.is_empty() { None } else { Some(parse_key(key)?) };
                Marker::Placeholder(crate::doc::Placeholder { label: label.to_string(), answer })
            }
            "anchor" => Marker::Anchor(rest.to_string()),
            "definitions" => Marker::Definitions,
            _ => return None,
        })
    }
}

/// An answer key as a placeholder marker holds it, in characters Markdown never reads as
/// markup (a marker passes through the Markdown parser whole only so): `system_name`,
/// `partners/1/name`, or `partners/each/name` for a list with no entries yet. Ids have no `:`,
/// so the label may follow one.
fn key_text(key: &AnswerKey) -> String {
    match (&key.field, key.entry) {
        (None, _) => key.question.clone(),
        (Some(field), Some(entry)) => format!("{}/{entry}/{field}", key.question),
        (Some(field), None) => format!("{}/each/{field}", key.question),
    }
}

fn parse_key(text: &str) -> Option<AnswerKey> {
    let mut parts = text.split('/');
    let question = parts.next()?.to_string();
    Some(match (parts.next(), parts.next(), parts.next()) {
        (None, _, _) => AnswerKey::question(question),
        (Some("each"), Some(field), None) => AnswerKey::field(question, None, field),
        (Some(entry), Some(field), None) => AnswerKey::field(question, Some(entry.parse().ok()?), field),
        _ => return None,
    })
}

/// A piece of text: literal, or a marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Marker(Marker),
}

/// Splits text into literal runs and markers. A malformed marker is kept as text without
/// its reserved characters.
pub fn split(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        if start > 0 {
            out.push(Piece::Text(rest[..start].to_string()));
        }
        let after = &rest[start + OPEN.len_utf8()..];
        match after.find(CLOSE) {
            Some(end) => {
                let inner = &after[..end];
                match Marker::decode(inner) {
                    Some(m) => out.push(Piece::Marker(m)),
                    None => out.push(Piece::Text(inner.to_string())),
                }
                rest = &after[end + CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_through_text() {
        let m = Marker::Ref { target: "dispute-resolution".into(), bare: false };
        let text = format!("see {} now", m.encode());
        assert_eq!(split(&text), vec![Piece::Text("see ".into()), Piece::Marker(m), Piece::Text(" now".into())]);
    }

    #[test]
    fn a_placeholder_keeps_the_answer_that_fills_it() {
        use crate::doc::Placeholder;
        for p in [
            Placeholder::for_answer("Name of Partner", AnswerKey::field("partners", Some(1), "name")),
            Placeholder::for_answer("Name | of: [System]", AnswerKey::question("system_name")),
            Placeholder::for_answer("Name of Partner", AnswerKey::field("partners", None, "name")),
            Placeholder::for_drafter("measure"),
        ] {
            assert_eq!(split(&Marker::Placeholder(p.clone()).encode()), vec![Piece::Marker(Marker::Placeholder(p))]);
        }
    }

    #[test]
    fn a_broken_marker_does_not_swallow_text() {
        let text = format!("a{OPEN}bogus:x{CLOSE}b{OPEN}c");
        assert_eq!(
            split(&text),
            vec![
                Piece::Text("a".into()),
                Piece::Text("bogus:x".into()),
                Piece::Text("b".into()),
                Piece::Text("c".into())
            ]
        );
    }
}
