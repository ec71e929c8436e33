//! The `spacewalk` binary: everything happens in [`spacewalk::cli`].

fn main() -> std::process::ExitCode {
    spacewalk::cli::main()
}
