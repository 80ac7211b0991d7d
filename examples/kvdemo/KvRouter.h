#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QByteArray>

namespace cutover::kvdemo {

class CpuBurner;
class KvStore;

// Maps requests to the key-value store (endpoints in docs/kvdemo.md).
class KvRouter final
{
    Q_DISABLE_COPY_MOVE(KvRouter)

public:
    explicit KvRouter(KvStore &store)
        : m_store(store)
    {}

    // While false, /health answers 503 (KVDEMO_NEVER_READY).
    void setHealthy(bool healthy) { m_healthy = healthy; }
    // The test endpoints (POST /test/burn?ms=N); absent unless set (KVDEMO_TEST_ENDPOINTS=1).
    void setBurner(CpuBurner *burner) { m_burner = burner; }

    [[nodiscard]] HttpResponse handle(const HttpRequest &request);

private:
    HttpResponse handleKey(const HttpRequest &request, QByteArrayView encodedKey);
    HttpResponse handleBurn(const HttpRequest &request, QByteArrayView query);
#ifdef KVDEMO_HAS_PREFIX_LISTING
    HttpResponse handleList(QByteArrayView query);
#endif

    KvStore &m_store;
    bool m_healthy = true;
    CpuBurner *m_burner = nullptr;
};

} // namespace cutover::kvdemo
