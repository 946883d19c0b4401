using System.Globalization;
using System.Text;

namespace Scaler.Core.Telemetry;

/// <summary>
/// A value a workflow author or another outsider chooses (job labels, repository and owner names, runner names,
/// error text echoed from a payload), as a log may hold it: on one line and short. Control characters, line and
/// paragraph separators and bidirectional overrides become <c>\r</c>, <c>\n</c>, <c>\t</c> or <c>\uXXXX</c>
/// (backslashes are doubled, so an escape cannot be forged), and the text stops at <see cref="MaxChars"/> with a
/// count of what was cut. Log methods take this type instead of <see cref="string"/> for such values, so none
/// reaches a log as sent; it holds only the escaped text.
/// </summary>
public sealed class WorkflowText
{
    /// <summary>Most characters of one value, escapes included, before the note of what was cut.</summary>
    public const int MaxChars = 256;

    /// <summary>Most items of a list (labels) written; the rest are counted.</summary>
    public const int MaxItems = 10;

    /// <summary>Most characters of one item of a list.</summary>
    public const int MaxItemChars = 100;

    private readonly string text;

    private WorkflowText(string text) => this.text = text;

    public static WorkflowText From(string? value) => new(value is null ? "(none)" : Escape(value, MaxChars));

    /// <summary>Items joined with <c>", "</c>, each escaped and capped, at most <see cref="MaxItems"/> of them.</summary>
    public static WorkflowText From(IEnumerable<string?>? values)
    {
        if (values is null)
        {
            return new("(none)");
        }

        var items = values.ToList();
        var shown = string.Join(", ", items.Take(MaxItems).Select(v => v is null ? "(none)" : Escape(v, MaxItemChars)));
        return new(items.Count > MaxItems ? $"{shown}, … (+{items.Count - MaxItems} more)" : shown);
    }

    public static implicit operator WorkflowText(string? value) => From(value);

    public override string ToString() => text;

    private static string Escape(string value, int maxChars)
    {
        var escaped = new StringBuilder(Math.Min(value.Length, maxChars) + 32);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var piece = pair ? value.Substring(i, 2) : EscapeChar(c);
            if (escaped.Length + piece.Length > maxChars)
            {
                escaped.Append(CultureInfo.InvariantCulture, $"… ({value.Length} chars)");
                return escaped.ToString();
            }

            escaped.Append(piece);
            i += pair ? 1 : 0;
        }

        return escaped.ToString();
    }

    private static string EscapeChar(char c) => c switch
    {
        '\\' => @"\\",
        '\r' => @"\r",
        '\n' => @"\n",
        '\t' => @"\t",
        _ when char.IsControl(c) || char.IsSurrogate(c) || IsLayoutControl(c) => $@"\u{(int)c:x4}",
        _ => c.ToString(),
    };

    /// <summary>Line and paragraph separators and the bidirectional marks and overrides that reorder what a reader sees.</summary>
    private static bool IsLayoutControl(char c) =>
        c is '\u2028' or '\u2029' or '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
