// The console's route rules editor (issue 14 item 4): RouteRulesModel under
// QAbstractItemModelTester (edits checked as cutoverd checks them, moves, removals), and the
// Rules tab saving through a real cutoverd, whose bridge then routes by the saved rules.
#include "../../integration/daemon/ServiceFixture.h"
#include "ConsoleConnection.h"
#include "Screenshot.h"
#include "TestHttpClient.h"
#include "services/RouteRulesEditor.h"
#include "services/RouteRulesModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace cutover;
using namespace cutover::test;
using namespace Qt::StringLiterals;

namespace {

using C = RouteRulesModel::Column;

bool edit(RouteRulesModel &model, int row, int column, const QString &value)
{
    return model.setData(model.index(row, column), value, Qt::EditRole);
}

} // namespace

class TestRouteRulesEditor final : public QObject
{
    Q_OBJECT

private slots:
    void modelEditsMovesAndRefuses()
    {
        RouteRulesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refused(&model, &RouteRulesModel::editRefused);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.addRule(), 0);
        QCOMPARE(model.addRule(), 1);
        QVERIFY(model.isModified());
        QCOMPARE(model.data(model.index(0, C::PathColumn), Qt::DisplayRole).toString(), u"/"_s);
        QCOMPARE(model.data(model.index(0, C::HostColumn), Qt::DisplayRole).toString(), u"any"_s);
        // Active has no destination to edit.
        QVERIFY(!(model.flags(model.index(0, C::DestinationColumn)) & Qt::ItemIsEditable));

        QVERIFY(edit(model, 0, C::PathColumn, u"/api"_s));
        QVERIFY(edit(model, 0, C::MethodColumn, u"post"_s)); // upper-cased
        QVERIFY(edit(model, 0, C::TargetColumn, u"peer"_s));
        QVERIFY(edit(model, 0, C::DestinationColumn, u"[::1]:8080"_s));
        QVERIFY(edit(model, 1, C::TargetColumn, u"unavailable"_s));
        QVERIFY(edit(model, 1, C::DestinationColumn, u"closed tonight"_s));
        QVERIFY(refused.isEmpty());

        // Refused edits leave the rule as it was and say why.
        QVERIFY(!edit(model, 0, C::PathColumn, u"api"_s));
        QVERIFY(!edit(model, 0, C::DestinationColumn, u"example.org:80"_s));
        QVERIFY(!edit(model, 1, C::HostColumn, u"a b"_s));
        QVERIFY(!edit(model, 1, C::TargetColumn, u"fallback"_s));
        QCOMPARE(refused.size(), 4);
        QVERIFY2(refused.at(1).at(0).toString().contains(u"IP address"_s),
                 qPrintable(refused.at(1).at(0).toString()));

        const RuleSet rules = model.rules();
        QCOMPARE(rules.rules.size(), 2);
        QCOMPARE(rules.rules.at(0).match.pathPrefix, u"/api"_s);
        QCOMPARE(rules.rules.at(0).match.method, u"POST"_s);
        QCOMPARE(rules.rules.at(0).target.kind, RouteTargetKind::Peer);
        QCOMPARE(rules.rules.at(0).target.peerPort, quint16(8080));
        QCOMPARE(rules.rules.at(1).target.message, u"closed tonight"_s);

        // Order is meaning: moved, the 503 rule is first.
        QVERIFY(model.moveRule(1, -1));
        QCOMPARE(model.rules().rules.at(0).target.kind, RouteTargetKind::Unavailable);
        QVERIFY(!model.moveRule(0, -1));
        QVERIFY(model.moveRule(0, 1));
        QCOMPARE(model.rules().rules.at(1).target.kind, RouteTargetKind::Unavailable);
        QVERIFY(model.removeRule(0));
        QCOMPARE(model.rowCount(), 1);

        model.setRules(RuleSet{});
        QVERIFY(!model.isModified());
        QCOMPARE(model.rowCount(), 0);
    }

    void tabSavesThroughCutoverd()
    {
        ServiceFixture fx;
        QVERIFY2(fx.setUp(u"hot"_s, QJsonObject{{u"protocol"_s, u"http"_s}}),
                 qPrintable(fx.error()));
        auto connection = connectTo(fx.dataDir());
        QVERIFY(connection);
        RouteRulesEditor editor(*connection);
        editor.resize(820, 320);
        const QJsonObject service = fx.service();
        editor.setService(u"kvdemo"_s, service.value(u"route_rules"_s).toArray(), true);
        QCOMPARE(editor.model()->rowCount(), 0);
        QVERIFY(!editor.save()); // nothing changed

        RouteRulesModel &model = *editor.model();
        editor.addRule();
        QVERIFY(edit(model, 0, C::PathColumn, u"/maint"_s));
        QVERIFY(edit(model, 0, C::TargetColumn, u"unavailable"_s));
        QVERIFY(edit(model, 0, C::DestinationColumn, u"down for maintenance"_s));
        editor.table()->selectRow(0);
        editor.addRule();
        QVERIFY(edit(model, 1, C::PathColumn, u"/v2"_s));
        QVERIFY(edit(model, 1, C::HostColumn, u"shop.example"_s));
        QVERIFY(edit(model, 1, C::TargetColumn, u"version"_s));
        // Incomplete (a version rule without its version): Save says so, sends nothing.
        QVERIFY(!editor.save());
        QVERIFY2(editor.message().contains(u"version"_s), qPrintable(editor.message()));
        QVERIFY(edit(model, 1, C::DestinationColumn, u"1.1.0"_s));
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        saveScreenshot(editor, u"route-rules-editor.png"_s);

        QSignalSpy saved(&editor, &RouteRulesEditor::saved);
        QVERIFY(editor.save());
        QVERIFY(saved.wait(15000));
        QVERIFY(!model.isModified());
        auto stored = fx.daemon().call(ApiClient::Method::Get, u"/api/v1/services/kvdemo/rules"_s);
        QVERIFY(stored);
        QCOMPARE(stored->toObject().value(u"rules"_s).toArray(), model.rules().toJson());
        // And the bridge routes by them.
        auto maint = httpRequest(fx.publicPort(), "GET", "/maint");
        QVERIFY(maint);
        QCOMPARE(maint->status, 503);
        QVERIFY(maint->body.contains("down for maintenance"));
    }
};

QTEST_MAIN(TestRouteRulesEditor)
#include "tst_route_rules_editor.moc"
