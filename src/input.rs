//! Reading the text files a user hands caredraft (an answers file, a library on disk): UTF-8,
//! with a byte-order mark dropped (some Windows editors write one), and a file in any other
//! encoding placed at its first bad byte. Only regular files of a sensible size are read: a
//! FIFO, a device such as /dev/zero or a huge file is refused by name, never waited on or
//! read into memory.

use std::io::Read;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result, line_col};

/// The largest text file caredraft reads. The whole built-in library is far smaller; a
/// larger file is a mistake (or an attack), not a clause or an answers file.
pub const MAX_TEXT_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The text of `path`. A file that cannot be opened is an error naming `path`; one that is
/// not a regular file, is too large or is not UTF-8 comes back as a diagnostic naming `name`
/// (a library file goes by its library path), for the caller to report with its others.
pub fn read_text(path: &Path, name: &str) -> Result<std::result::Result<String, Diagnostic>> {
    let bytes = match read_capped(path, name)? {
        Ok(bytes) => bytes,
        Err(problem) => return Ok(Err(problem)),
    };
    Ok(match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        }),
        Err(e) => Err(not_utf8(name, &e)),
    })
}

/// The bytes of a regular file of at most [`MAX_TEXT_FILE_BYTES`].
fn read_capped(path: &Path, name: &str) -> Result<std::result::Result<Vec<u8>, Diagnostic>> {
    let io = |e| Error::io(path.display().to_string(), e);
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading waits for a writer; non-blocking, it returns at once and the
    // check below refuses it. Regular files ignore the flag.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        let what = describe_kind(&meta);
        return Ok(Err(Diagnostic::error(
            name,
            0,
            0,
            format!("is {what}, not a regular file; caredraft reads only regular text files"),
        )
        .with_code("not-a-file")
        .about(crate::error::Subject::File)));
    }
    let too_big = || {
        Diagnostic::error(
            name,
            0,
            0,
            format!("is larger than {} MiB; caredraft reads text files up to that size", MAX_TEXT_FILE_BYTES >> 20),
        )
        .with_code("file-too-large")
        .about(crate::error::Subject::File)
    };
    if meta.len() > MAX_TEXT_FILE_BYTES {
        return Ok(Err(too_big()));
    }
    // The length can change between the check and the read: never read past the cap.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_TEXT_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_TEXT_FILE_BYTES {
        return Ok(Err(too_big()));
    }
    Ok(Ok(bytes))
}

/// What kind of thing a path is, in words: "a folder", "a FIFO (named pipe)", ...
pub fn describe_kind(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_file() { "a regular file" } else { "not a file" }
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
    .with_code("not-utf8")
    .about(crate::error::Subject::File)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_refused_without_reading_it() {
        let d = read_text(Path::new("/dev/zero"), "answers.toml").unwrap().unwrap_err();
        assert_eq!(
            d.to_string(),
            "answers.toml: error: is a device, not a regular file; caredraft reads only regular text files"
        );
    }

    #[test]
    fn a_fifo_is_refused_without_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.md");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        let d = read_text(&fifo, "clauses/a.md").unwrap().unwrap_err();
        assert!(d.message.contains("FIFO"), "{d}");
    }

    #[test]
    fn a_file_over_the_cap_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        let f = std::fs::File::create(&big).unwrap();
        f.set_len(MAX_TEXT_FILE_BYTES + 1).unwrap();
        let d = read_text(&big, "big.toml").unwrap().unwrap_err();
        assert!(d.to_string().starts_with("big.toml: error: is larger than 8 MiB"), "{d}");
        f.set_len(MAX_TEXT_FILE_BYTES).unwrap();
        assert!(read_text(&big, "big.toml").unwrap().is_ok(), "a file at the cap is read");
    }
}
