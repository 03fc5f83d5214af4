using Keel.Registry;

namespace Keel.Retraining;

/// <summary>Whether a trained candidate may be registered and released, with what the gate saw.</summary>
/// <param name="Accepted">True: register and release; false: reject, the champion stays.</param>
/// <param name="Gate">The gate's outcome, or null when the policy has no gate.</param>
/// <param name="Detail">The gate's values or why there was nothing to check, for the audit log.</param>
public sealed record CandidateVerdict(bool Accepted, GateOutcome? Gate, string Detail);
