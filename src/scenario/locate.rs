//! Finds where a field path such as `events[2].utc` sits in RON source text, for error messages.
//!
//! The RON parser reports positions only for syntax errors; semantic checks run on the parsed
//! structs, so this small tokenizer walks the text again to point the user at the offending value.

/// A line and column, both counted from 1 (columns in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// One step of a field path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    /// A struct field.
    Field(String),
    /// A list element.
    Index(usize),
}

/// Splits `a.b[3].c` into segments.
pub fn parse_path(path: &str) -> Vec<PathSegment> {
    let mut segments = Vec::new();
    for part in path.split('.') {
        let (name, rest) = part.split_once('[').unwrap_or((part, ""));
        if !name.is_empty() {
            segments.push(PathSegment::Field(name.to_string()));
        }
        for index in rest.split('[') {
            if let Ok(i) = index.trim_end_matches(']').parse() {
                segments.push(PathSegment::Index(i));
            }
        }
    }
    segments
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Comma,
    Colon,
    Ident,
    Other,
}

struct Lexed {
    tokens: Vec<(Token, TextPosition, String)>,
}

/// Walks the characters of the source, keeping line and column.
struct Cursor {
    chars: Vec<char>,
    i: usize,
    line: usize,
    column: usize,
}

impl Cursor {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.i + ahead).copied()
    }

    fn here(&self) -> TextPosition {
        TextPosition {
            line: self.line,
            column: self.column,
        }
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn bump_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let mut taken = String::new();
        while let Some(c) = self.peek(0).filter(|c| keep(*c)) {
            taken.push(c);
            self.bump();
        }
        taken
    }
}

fn lex(source: &str) -> Lexed {
    let mut cursor = Cursor {
        chars: source.chars().collect(),
        i: 0,
        line: 1,
        column: 1,
    };
    let mut tokens = Vec::new();
    while let Some(c) = cursor.peek(0) {
        let here = cursor.here();
        if c.is_whitespace() {
            cursor.bump();
        } else if c == '/' && cursor.peek(1) == Some('/') {
            cursor.bump_while(|c| c != '\n');
        } else if c == '/' && cursor.peek(1) == Some('*') {
            while cursor.peek(0).is_some()
                && !(cursor.peek(0) == Some('*') && cursor.peek(1) == Some('/'))
            {
                cursor.bump();
            }
            cursor.bump();
            cursor.bump();
        } else if c == '"' {
            cursor.bump();
            while let Some(c) = cursor.bump() {
                if c == '\\' {
                    cursor.bump();
                } else if c == '"' {
                    break;
                }
            }
            tokens.push((Token::Other, here, String::new()));
        } else if matches!(c, '(' | '[' | '{' | ')' | ']' | '}' | ',' | ':') {
            cursor.bump();
            let token = match c {
                '(' | '[' | '{' => Token::Open,
                ')' | ']' | '}' => Token::Close,
                ',' => Token::Comma,
                _ => Token::Colon,
            };
            tokens.push((token, here, String::new()));
        } else if c.is_alphabetic() || c == '_' {
            let word = cursor.bump_while(|c| c.is_alphanumeric() || c == '_');
            tokens.push((Token::Ident, here, word));
        } else {
            cursor.bump_while(|c| {
                !c.is_whitespace()
                    && !matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | ',' | ':' | '"')
            });
            tokens.push((Token::Other, here, String::new()));
        }
    }
    Lexed { tokens }
}

impl Lexed {
    /// Index of the opening bracket of the value starting at `start`, skipping a struct or variant name.
    fn open_of(&self, start: usize) -> Option<usize> {
        match self.tokens.get(start)?.0 {
            Token::Open => Some(start),
            Token::Ident if self.tokens.get(start + 1)?.0 == Token::Open => Some(start + 1),
            _ => None,
        }
    }

    /// Start indices of the direct children of the bracket at `open`.
    fn children(&self, open: usize) -> Vec<usize> {
        let mut children = Vec::new();
        let mut depth = 0usize;
        let mut expecting = true;
        for (i, (token, _, _)) in self.tokens.iter().enumerate().skip(open + 1) {
            match token {
                Token::Open => {
                    if depth == 0 && expecting {
                        children.push(i);
                        expecting = false;
                    }
                    depth += 1;
                }
                Token::Close if depth == 0 => break,
                Token::Close => depth -= 1,
                Token::Comma if depth == 0 => expecting = true,
                _ => {
                    if depth == 0 && expecting {
                        children.push(i);
                        expecting = false;
                    }
                }
            }
        }
        children
    }

    fn step(&self, value: usize, segment: &PathSegment) -> Option<usize> {
        let open = self.open_of(value)?;
        let children = self.children(open);
        match segment {
            PathSegment::Index(n) => children.get(*n).copied(),
            PathSegment::Field(name) => children.into_iter().find_map(|child| {
                let (token, _, word) = &self.tokens[child];
                let is_key = *token == Token::Ident
                    && word == name
                    && self.tokens.get(child + 1).map(|t| t.0) == Some(Token::Colon);
                is_key.then_some(child + 2)
            }),
        }
    }
}

/// Where the value at `path` starts in `source`; the deepest enclosing value found when the path
/// ends early (an omitted field points at its parent), or `None` when not even the root parses.
pub fn locate(source: &str, path: &str) -> Option<TextPosition> {
    let lexed = lex(source);
    let mut value = 0usize;
    lexed.tokens.first()?;
    for segment in parse_path(path) {
        match lexed.step(value, &segment) {
            Some(next) if next < lexed.tokens.len() => value = next,
            _ => break,
        }
    }
    Some(lexed.tokens[value].1)
}
