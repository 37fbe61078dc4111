//! The `postman-codegen` command: a thin wrapper over the library.

use std::path::PathBuf;
use std::process::ExitCode;

const HELP: &str = "\
postman-codegen: turn a Postman collection into a typed Rust HTTP client module

Usage:
  postman-codegen generate <COLLECTION> [-o <FILE>] [--check] [--derive-clone-eq]
  postman-codegen --help | --version

Commands:
  generate    Generate the client module for COLLECTION (a v2.0 or v2.1 collection JSON file)

Options:
  -o, --output <FILE>  Write the module to FILE (atomically; an existing FILE is left untouched
                       on any error) instead of printing it to standard output
      --check          Write nothing; exit 1 if FILE differs from what would be generated
      --derive-clone-eq
                       Also derive Clone and PartialEq on the generated structs (off by default:
                       about a fifth of a large client's compile time)
  -h, --help           Print this help
  -V, --version        Print the version

Environment:
  POSTMAN_CODEGEN_THREADS  Threads that format a module (default: up to 8, as many as there
                           are cores, for 64 requests or more); the output does not depend on it

Exit status:
  0  success (or, with --check, FILE is up to date)
  1  with --check: FILE is missing or out of date
  2  unusable input or arguments; the message says where and why

What the generator skips (scripts, unsupported auth, ...) is reported on standard error as
warnings; the generated module needs reqwest (json, multipart, query, form), serde and serde_json.
";

struct Args {
    collection: PathBuf,
    output: Option<PathBuf>,
    check: bool,
    derive_clone_eq: bool,
}

enum Command {
    Help,
    Version,
    Generate(Args),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let Some(first) = args.next() else {
        return Err("missing command; try `postman-codegen --help`".to_owned());
    };
    match first.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "-V" | "--version" => return Ok(Command::Version),
        "generate" => {}
        other => {
            return Err(format!(
                "unknown command `{other}`; try `postman-codegen --help`"
            ))
        }
    }
    let mut collection = None;
    let mut output = None;
    let mut check = false;
    let mut derive_clone_eq = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-o" | "--output" => match args.next() {
                Some(file) => output = Some(PathBuf::from(file)),
                None => return Err(format!("`{arg}` needs a file name")),
            },
            "--check" => check = true,
            "--derive-clone-eq" => derive_clone_eq = true,
            flag if flag.starts_with("--output=") => {
                output = flag.strip_prefix("--output=").map(PathBuf::from);
            }
            flag if flag.starts_with('-') && flag != "-" => {
                return Err(format!(
                    "unknown option `{flag}`; try `postman-codegen --help`"
                ))
            }
            path => {
                if collection.is_some() {
                    return Err(format!("unexpected argument `{path}`: give one collection"));
                }
                collection = Some(PathBuf::from(path));
            }
        }
    }
    let collection =
        collection.ok_or("missing the collection file; try `postman-codegen --help`")?;
    if check && output.is_none() {
        return Err("`--check` needs `-o <FILE>` to compare against".to_owned());
    }
    Ok(Command::Generate(Args {
        collection,
        output,
        check,
        derive_clone_eq,
    }))
}

fn try_main() -> Result<ExitCode, String> {
    let args = match parse_args(std::env::args().skip(1))? {
        Command::Help => {
            print!("{HELP}");
            return Ok(ExitCode::SUCCESS);
        }
        Command::Version => {
            println!("postman-codegen {}", env!("CARGO_PKG_VERSION"));
            return Ok(ExitCode::SUCCESS);
        }
        Command::Generate(args) => args,
    };
    let shown = args.collection.display().to_string();
    let bytes = std::fs::read(&args.collection).map_err(|e| format!("{shown}: {e}"))?;
    let source_name = args
        .collection
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let options = postman_codegen::Options::default().derive_clone_eq(args.derive_clone_eq);
    let generated =
        postman_codegen::generate_with(&source_name, &bytes, &options).map_err(|e| {
            // Errors name the file by its base name; say which path that was.
            let message = e.to_string();
            if shown == source_name {
                message
            } else {
                format!("{message}\n(collection file: {shown})")
            }
        })?;
    for diagnostic in &generated.diagnostics {
        eprintln!("warning: {source_name}: {diagnostic}");
    }
    match args.output {
        None => {
            print!("{}", generated.code);
            Ok(ExitCode::SUCCESS)
        }
        Some(output) if args.check => {
            let current = std::fs::read(&output).unwrap_or_default();
            if current == generated.code.as_bytes() {
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "{}",
                    postman_codegen::Error::Stale {
                        path: output.display().to_string(),
                        collection: shown,
                    }
                );
                Ok(ExitCode::from(1))
            }
        }
        Some(output) => {
            postman_codegen::write_if_changed(&output, &generated.code)
                .map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn main() -> ExitCode {
    match try_main() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
