// The control API's JSON bodies: the request body as ApiRequest reads it, then every typed
// reader a route hands it to (service registration, settings, feeds, maintenance requests,
// windows, routing policies, report settings). Refusals must name what was wrong.
#include "FuzzCheck.h"

#include "api/ApiRequest.h"
#include "bridge/RoutingPolicy.h"
#include "reports/ReportsConfig.h"
#include "schedule/MaintenanceWindow.h"
#include "switchover/EngineContext.h"
#include "switchover/FeedManager.h"
#include "switchover/MaintenanceSpec.h"
#include "switchover/VersionManager.h"

using namespace cutover;

namespace {

template <typename T>
void readAs(const QJsonObject &body)
{
    const Result<T> value = T::fromJson(body);
    if (!value)
        FUZZ_CHECK(!value.error().message.isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ApiRequest request(ApiRequest::Method::Post, QStringLiteral("/api/v1/fuzz"), {}, {},
                             QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    const auto body = request.jsonBody();
    if (!body) {
        FUZZ_CHECK(body.error().code == Error::Code::InvalidArgument);
        return 0;
    }
    readAs<ServiceRegistration>(*body);
    readAs<ServiceSettings>(*body);
    readAs<FeedRegistration>(*body);
    readAs<MaintenanceSpec>(*body);
    readAs<MaintenanceWindow>(*body);
    readAs<RoutingPolicy>(*body);
    readAs<ReportsConfig>(*body);
    return 0;
}
