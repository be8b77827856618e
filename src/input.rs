//! Reading the text files a user hands caredraft (an answers file, a library on disk): UTF-8,
//! with a byte-order mark dropped (some Windows editors write one), and a file in any other
//! encoding placed at its first bad byte.

use std::path::Path;

use crate::error::{Diagnostic, Error, Result, line_col};

/// The text of `path`. A file that cannot be read is an error naming `path`; one that is not
/// UTF-8 comes back as a diagnostic naming `name` (a library file goes by its library path),
/// for the caller to report with its others.
pub fn read_text(path: &Path, name: &str) -> Result<std::result::Result<String, Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => Err(not_utf8(name, &e)),
    })
}

/// Places the first byte that is not UTF-8: its line, and its column in characters.
fn not_utf8(name: &str, err: &std::string::FromUtf8Error) -> Diagnostic {
    // The bytes before the bad one are valid UTF-8 by definition.
    let before = std::str::from_utf8(&err.as_bytes()[..err.utf8_error().valid_up_to()]).unwrap_or_default();
    let (line, col) = line_col(before, before.len());
    Diagnostic::error(
        name,
        line,
        col,
        "not UTF-8 text: the byte here is in another encoding (often Windows-1252); save the file as UTF-8",
    )
}
