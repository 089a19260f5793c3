//! The methods of `bytes` and the ones `bytearray` shares with it,
//! written once over byte slices (`strlib.rs`), each declared with
//! `clinic`'s signatures.

use crate::protocols::clinic::{arg_opt, fastcall, Sig};
use crate::{objects::codecs, objects::unicode};

fastcall! {
    /// `bytes.decode(encoding='utf-8', errors='strict')`.
    pub(crate) fn bytes_decode(b, a = Sig::new("decode", &[arg_opt("encoding"), arg_opt("errors")])) {
        let (enc, errs) = (a.str(0)?, a.str(1)?);
        let enc = enc.map(|e| unicode::as_str(e));
        let errs = errs.map(|e| unicode::as_str(e));
        codecs::decode_bytes(crate::objects::bytes::as_slice(b), enc.as_deref(), errs.as_deref())
    }
}
