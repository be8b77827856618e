//! Deflated package parts, kept for reuse across the documents of a pack.
//!
//! The documents of a pack share most of their parts byte for byte (styles, numbering,
//! settings, footnotes, headers and footers). Setting up a deflate stream costs more than
//! compressing a part of a few kilobytes, and `zip` starts a fresh stream for every entry,
//! so each distinct part is deflated once per process, kept as a one-entry archive, and
//! copied into each package still compressed. Deflate is deterministic, so a copied entry
//! is the entry a fresh compression would write.

use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex, OnceLock};

use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use super::DocxError;

/// Parts at least this large are unique to their document in practice (the body), and
/// are deflated in place rather than kept.
pub const KEPT_BELOW: usize = 64 * 1024;

/// The cache is emptied when it holds this many parts, so a long TUI session or a
/// benchmark loop cannot grow it without bound.
const MOST_KEPT: usize = 256;

/// A part is reused only under the same name, bytes and entry options (timestamp).
type Key = (String, Vec<u8>, zip::DateTime);

fn kept() -> &'static Mutex<HashMap<Key, Arc<Vec<u8>>>> {
    static KEPT: OnceLock<Mutex<HashMap<Key, Arc<Vec<u8>>>>> = OnceLock::new();
    KEPT.get_or_init(Default::default)
}

/// Adds `bytes` to `zip` as the deflated entry `name`, compressing it only the first time
/// this process sees that part.
pub fn add<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    bytes: &[u8],
    options: SimpleFileOptions,
    time: zip::DateTime,
) -> Result<(), DocxError> {
    let key: Key = (name.to_owned(), bytes.to_vec(), time);
    // A poisoned lock only means another thread panicked mid-insert; the map is still usable.
    let found = kept().lock().unwrap_or_else(|e| e.into_inner()).get(&key).cloned();
    let archive = match found {
        Some(archive) => archive,
        None => {
            let archive = Arc::new(one_entry(name, bytes, options)?);
            let mut map = kept().lock().unwrap_or_else(|e| e.into_inner());
            if map.len() >= MOST_KEPT {
                map.clear();
            }
            map.insert(key, Arc::clone(&archive));
            archive
        }
    };
    let mut source = ZipArchive::new(Cursor::new(archive.as_slice()))?;
    zip.raw_copy_file(source.by_index_raw(0)?)?;
    Ok(())
}

fn one_entry(name: &str, bytes: &[u8], options: SimpleFileOptions) -> Result<Vec<u8>, DocxError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, options)?;
    zip.write_all(bytes)?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn package(part: &[u8], time: zip::DateTime) -> Vec<u8> {
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(3))
            .last_modified_time(time);
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        add(&mut zip, "word/styles.xml", part, options, time).expect("add");
        zip.finish().expect("finish").into_inner()
    }

    fn read_back(package: &[u8]) -> (Vec<u8>, u64, zip::DateTime) {
        let mut archive = ZipArchive::new(Cursor::new(package)).expect("archive");
        let mut file = archive.by_name("word/styles.xml").expect("entry");
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("read");
        (bytes, file.compressed_size(), file.last_modified().expect("time"))
    }

    #[test]
    fn a_kept_part_reads_back_whole_and_compressed_each_time_it_is_copied() {
        let part = "<w:style w:styleId=\"Heading1\"/>".repeat(200).into_bytes();
        let time = zip::DateTime::from_date_and_time(2027, 4, 1, 0, 0, 0).expect("time");
        let first = package(&part, time);
        let second = package(&part, time);
        assert_eq!(first, second, "a copied entry must be the entry a fresh compression writes");
        let (bytes, compressed, stamped) = read_back(&second);
        assert_eq!(bytes, part);
        assert!(compressed < part.len() as u64 / 4, "stored, not deflated: {compressed} bytes");
        assert_eq!(stamped, time);
    }

    #[test]
    fn a_part_is_not_reused_under_another_timestamp() {
        let part = "<w:settings/>".repeat(100).into_bytes();
        let early = zip::DateTime::from_date_and_time(2027, 4, 1, 0, 0, 0).expect("time");
        let late = zip::DateTime::from_date_and_time(2028, 4, 1, 0, 0, 0).expect("time");
        package(&part, early);
        assert_eq!(read_back(&package(&part, late)).2, late);
    }
}
