//! A reader of Tera tags and expressions, token by token with byte offsets, for the checks
//! Tera itself cannot make: which clause, alternative, question or option an id in quotes
//! names, and where. (Tera 2 keeps its syntax tree private and reports positions only in
//! its errors.)

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    /// A string literal; the token's text and offset are its content, without quotes.
    Str,
    Number,
    /// An operator or punctuation: `==`, `!=`, `[`, `.`, `|`, `(`, ...
    Op,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'s> {
    pub kind: Kind,
    pub text: &'s str,
    /// Byte offset in the text scanned.
    pub at: usize,
}

impl Token<'_> {
    pub fn is(&self, kind: Kind, text: &str) -> bool {
        self.kind == kind && self.text == text
    }
    pub fn is_op(&self, text: &str) -> bool {
        self.is(Kind::Op, text)
    }
    pub fn is_ident(&self, text: &str) -> bool {
        self.is(Kind::Ident, text)
    }
}

/// One `{{ ... }}` or `{% ... %}` tag: its tokens, and whether it is a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'s> {
    pub statement: bool,
    pub at: usize,
    pub tokens: Vec<Token<'s>>,
}

impl Tag<'_> {
    /// The statement's keyword: `if`, `elif`, `else`, `endif`, `for`, `include`, ...
    pub fn keyword(&self) -> Option<&str> {
        self.tokens.first().filter(|t| self.statement && t.kind == Kind::Ident).map(|t| t.text)
    }
}

/// Every tag of a template, in order; comments and `{% raw %}` blocks are skipped.
pub fn tags(src: &str) -> Vec<Tag<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(found) = src[pos..].find('{') {
        let open = pos + found;
        let next = src.as_bytes().get(open + 1).copied();
        match next {
            Some(b'#') => {
                pos = src[open..].find("#}").map_or(src.len(), |i| open + i + 2);
            }
            Some(b'{') | Some(b'%') => {
                let statement = next == Some(b'%');
                let mut start = open + 2;
                if src.as_bytes().get(start) == Some(&b'-') {
                    start += 1;
                }
                let (tokens, end) = tokenize(src, start, true);
                let tag = Tag { statement, at: open, tokens };
                pos = end;
                if tag.keyword() == Some("raw") {
                    pos = end_of_raw(src, end);
                }
                out.push(tag);
            }
            _ => pos = open + 1,
        }
    }
    out
}

/// The tokens of a bare expression, such as a `when` condition.
pub fn expression(src: &str) -> Vec<Token<'_>> {
    tokenize(src, 0, false).0
}

fn end_of_raw(src: &str, from: usize) -> usize {
    let mut pos = from;
    while let Some(i) = src[pos..].find("{%") {
        let at = pos + i;
        let (tokens, end) = tokenize(src, at + 2, true);
        if tokens.first().is_some_and(|t| t.is_ident("endraw")) {
            return end;
        }
        pos = at + 2;
    }
    src.len()
}

/// Reads tokens from `start`; inside a tag, stops after its closing `}}` or `%}` and returns
/// the offset after it.
fn tokenize(src: &str, start: usize, in_tag: bool) -> (Vec<Token<'_>>, usize) {
    let bytes = src.as_bytes();
    let mut tokens = Vec::new();
    let mut i = start;
    while i < bytes.len() {
        let c = bytes[i];
        let rest = &src[i..];
        if in_tag && (rest.starts_with("}}") || rest.starts_with("%}")) {
            return (tokens, i + 2);
        }
        if in_tag && (rest.starts_with("-}}") || rest.starts_with("-%}")) {
            return (tokens, i + 3);
        }
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'"' || c == b'\'' || c == b'`' {
            let close = src[i + 1..].find(c as char).map_or(src.len(), |j| i + 1 + j);
            tokens.push(Token { kind: Kind::Str, text: &src[i + 1..close], at: i + 1 });
            i = (close + 1).min(src.len());
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let end = rest.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).map_or(src.len(), |j| i + j);
            tokens.push(Token { kind: Kind::Ident, text: &src[i..end], at: i });
            i = end;
        } else if c.is_ascii_digit() {
            let end =
                rest.find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '_')).map_or(src.len(), |j| i + j);
            tokens.push(Token { kind: Kind::Number, text: &src[i..end], at: i });
            i = end;
        } else {
            let two = rest.get(..2).unwrap_or("");
            let len = if ["==", "!=", "<=", ">=", "//", "**"].contains(&two) {
                2
            } else {
                rest.chars().next().map_or(1, char::len_utf8)
            };
            tokens.push(Token { kind: Kind::Op, text: &src[i..i + len], at: i });
            i += len;
        }
    }
    (tokens, src.len())
}

/// The strings `subject` (the tokens up to `end`) is compared with, from `end` on:
/// `== "x"`, `!= "x"`, `in ["x", "y"]`, `not in ["x"]`.
/// The clause id read at `tokens[i + 1..]` after `choices` (`choices['x']`, `choices["x"]` or
/// `choices.x`), and the index just past it.
pub fn chosen_clause_after<'s>(tokens: &[Token<'s>], i: usize) -> Option<(Token<'s>, usize)> {
    match &tokens[i + 1..] {
        [open, id, close, ..] if open.is_op("[") && id.kind == Kind::Str && close.is_op("]") => Some((*id, i + 4)),
        [dot, id, ..] if dot.is_op(".") && id.kind == Kind::Ident => Some((*id, i + 3)),
        _ => None,
    }
}

/// The clause ids an expression reads through `choices`, in order.
pub fn chosen_clauses(src: &str) -> Vec<&str> {
    let tokens = expression(src);
    (0..tokens.len())
        .filter(|&i| tokens[i].is_ident("choices") && is_free_name(&tokens, i))
        .filter_map(|i| chosen_clause_after(&tokens, i).map(|(id, _)| id.text))
        .collect()
}

pub fn compared_after<'s>(tokens: &[Token<'s>], end: usize) -> Vec<Token<'s>> {
    let rest = &tokens[end.min(tokens.len())..];
    match rest {
        [op, s, ..] if (op.is_op("==") || op.is_op("!=")) && s.kind == Kind::Str => vec![*s],
        [not, inn, ..] if not.is_ident("not") && inn.is_ident("in") => list_at(&rest[2..]),
        [inn, ..] if inn.is_ident("in") => list_at(&rest[1..]),
        _ => Vec::new(),
    }
}

/// The string a subject starting at `start` is compared with from the left: `"x" == subject`.
pub fn compared_before<'s>(tokens: &[Token<'s>], start: usize) -> Option<Token<'s>> {
    match tokens.get(start.checked_sub(2)?..start)? {
        [s, op] if s.kind == Kind::Str && (op.is_op("==") || op.is_op("!=")) => Some(*s),
        _ => None,
    }
}

/// The strings of a list literal `["a", "b"]` at the start of `tokens`.
fn list_at<'s>(tokens: &[Token<'s>]) -> Vec<Token<'s>> {
    if !tokens.first().is_some_and(|t| t.is_op("[")) {
        return Vec::new();
    }
    tokens[1..].iter().take_while(|t| !t.is_op("]")).filter(|t| t.kind == Kind::Str).copied().collect()
}

/// Whether the token at `i` is a name on its own: not an attribute (`x.name`) or a keyword
/// argument (`name=`).
pub fn is_free_name(tokens: &[Token<'_>], i: usize) -> bool {
    let after_dot = i > 0 && tokens[i - 1].is_op(".");
    let kwarg = tokens.get(i + 1).is_some_and(|t| t.is_op("="));
    tokens[i].kind == Kind::Ident && !after_dot && !kwarg
}

/// The id given to `name(id="...")` at `i`, if the tokens there are that call.
pub fn call_id<'s>(tokens: &[Token<'s>], i: usize, name: &str) -> Option<Token<'s>> {
    match tokens.get(i..i + 5)? {
        [f, open, id, eq, s]
            if f.is_ident(name) && open.is_op("(") && id.is_ident("id") && eq.is_op("=") && s.kind == Kind::Str =>
        {
            Some(*s)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(tokens: &[Token<'_>]) -> Vec<String> {
        tokens.iter().map(|t| t.text.to_string()).collect()
    }

    #[test]
    fn tags_are_read_with_strings_that_hold_closing_braces() {
        let src = "A {{ x | label(q=\"a}}b\") }} B {%- if \"c\" in included -%}C{% endif %}{# {{ no }} #}";
        let t = tags(src);
        assert_eq!(t.len(), 3);
        assert_eq!(texts(&t[0].tokens), ["x", "|", "label", "(", "q", "=", "a}}b", ")"]);
        assert_eq!(t[1].keyword(), Some("if"));
        assert_eq!(texts(&t[1].tokens), ["if", "c", "in", "included"]);
        assert_eq!(&src[t[1].tokens[1].at..t[1].tokens[1].at + 1], "c");
        assert_eq!(t[2].keyword(), Some("endif"));
    }

    #[test]
    fn raw_blocks_are_text() {
        let t = tags("{% raw %}{{ nope }}{% endraw %}{{ yes }}");
        let names: Vec<_> = t.iter().flat_map(|t| t.tokens.iter().map(|x| x.text)).collect();
        assert_eq!(names, ["raw", "yes"]);
    }

    #[test]
    fn comparisons_are_read_either_way_and_with_lists() {
        let e = expression("option == 'a' or option not in [\"b\", 'c'] or 'd' != option");
        assert_eq!(texts(&compared_after(&e, 1)), ["a"]);
        assert_eq!(texts(&compared_after(&e, 5)), ["b", "c"]);
        assert_eq!(compared_before(&e, 15).map(|t| t.text), Some("d"));
        assert!(is_free_name(&e, 0));
    }
}
