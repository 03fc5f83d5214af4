namespace Keel.Serving;

/// <summary>
/// Collects what is wrong with a request, keeping the first <see cref="Cap"/> messages and counting the rest, so a
/// million bad rows give a short answer that still says how many there were. Not thread-safe.
/// </summary>
public sealed class InputProblems
{
    /// <summary>How many messages are kept.</summary>
    public const int Cap = 20;

    private readonly List<string> _messages = [];

    /// <summary>Total number of problems added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a problem; the message is built only while fewer than <see cref="Cap"/> are kept.</summary>
    public void Add<TState>(TState state, Func<TState, string> message)
    {
        if (_messages.Count < Cap)
        {
            _messages.Add(message(state));
        }
        Count++;
    }

    /// <summary>Adds a problem.</summary>
    public void Add(string message) => Add(message, static m => m);

    /// <summary>Throws an <see cref="InputValidationException"/> when any problem was added.</summary>
    public void ThrowIfAny()
    {
        if (Count > 0)
        {
            throw new InputValidationException(_messages, Count);
        }
    }
}
