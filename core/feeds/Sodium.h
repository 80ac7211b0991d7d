#pragma once

#include <QByteArray>

namespace cutover::sodium {

// libsodium must be initialised once before use; every entry point of the feeds module calls
// this, so no caller has to remember it. Returns false only if libsodium cannot work at all.
bool ensureInitialized();

// Standard base64 with padding, as minisign writes it; strict: anything else yields nullopt-like
// empty result with ok=false.
QByteArray fromBase64(const QByteArray &text, bool *ok);
QByteArray toBase64(const QByteArray &data);

// BLAKE2b (crypto_generichash) of `data` with `outBytes` output bytes and no key.
QByteArray blake2b(const QByteArray &data, size_t outBytes);

} // namespace cutover::sodium
