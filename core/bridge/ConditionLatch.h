#pragma once

namespace cutover {

// Hysteresis for a route rule's conditions: the rule comes into force only after its conditions
// held at kConfirmSamples consecutive evaluations, and goes out of force only after they failed
// at as many, so that a figure hovering around its threshold does not move traffic back and
// forth at every sample (docs/api.md, "Conditions"). A new rule starts out of force.
class ConditionLatch final
{
public:
    static constexpr int kConfirmSamples = 2;

    // One evaluation's outcome; true when the latched state changed with it.
    bool feed(bool holds)
    {
        if (holds == m_holds) {
            m_streak = 0;
            return false;
        }
        if (++m_streak < kConfirmSamples)
            return false;
        m_holds = holds;
        m_streak = 0;
        return true;
    }
    [[nodiscard]] bool holds() const { return m_holds; }
    // Consecutive evaluations so far that disagree with holds().
    [[nodiscard]] int pending() const { return m_streak; }

private:
    bool m_holds = false;
    int m_streak = 0;
};

} // namespace cutover
