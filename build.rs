//! The built-in library is embedded with include_dir!, which does not see files added to or
//! removed from clauses/ and templates/: rebuild whenever anything under them changes.
fn main() {
    println!("cargo:rerun-if-changed=clauses");
    println!("cargo:rerun-if-changed=templates");
}
