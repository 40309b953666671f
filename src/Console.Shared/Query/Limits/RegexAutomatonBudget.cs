using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Lucene.Net.Util.Automaton;

namespace Console.Shared.Query.Limits;

/// <summary>
/// Builds the automaton of a Lucene regular expression the way <see cref="RegExp.ToAutomaton()"/> does (determinized and
/// minimized after every operator) but gives up once one step needs more than a number of states. Lucene.Net 4.8 has no
/// maxDeterminizedStates (Lucene 5 added it), and its RegexpQuery determinizes in its constructor without a bound:
/// <c>[ab]*a[ab]{18}</c> took 62 s and 528 MB there. The expression tree is Lucene's own (read from RegExp's internal
/// fields), so the syntax is exactly the one the query will use.
/// </summary>
internal static class RegexAutomatonBudget
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic;
    private static readonly FieldInfo KindField = Field("kind");
    private static readonly FieldInfo Exp1Field = Field("exp1");
    private static readonly FieldInfo Exp2Field = Field("exp2");
    private static readonly FieldInfo StringField = Field("s");
    private static readonly FieldInfo CharField = Field("c");
    private static readonly FieldInfo MinField = Field("min");
    private static readonly FieldInfo MaxField = Field("max");
    private static readonly FieldInfo DigitsField = Field("digits");
    private static readonly FieldInfo FromField = Field("from");
    private static readonly FieldInfo ToField = Field("to");

    /// <summary>Whether the automaton of <paramref name="pattern"/> stays within <paramref name="maxStates"/> at every step.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid Lucene regular expression.</exception>
    public static bool Fits(string pattern, int maxStates) => TryBuild(pattern, maxStates, out _);

    /// <summary>The automaton of <paramref name="pattern"/> (the language <see cref="RegExp.ToAutomaton()"/> gives), unless a step needs more than <paramref name="maxStates"/> states.</summary>
    /// <exception cref="ArgumentException">The pattern is not a valid Lucene regular expression.</exception>
    public static bool TryBuild(string pattern, int maxStates, [NotNullWhen(true)] out Automaton? automaton)
    {
        var regExp = new RegExp(pattern, RegExpSyntax.ALL); // parsing alone is linear
        try
        {
            automaton = Build(regExp, maxStates);
            return true;
        }
        catch (TooManyStatesException)
        {
            automaton = null;
            return false;
        }
    }

    private static Automaton Build(RegExp node, int maxStates)
    {
        var kind = KindField.GetValue(node)!.ToString();
        switch (kind)
        {
            case "REGEXP_UNION":
            case "REGEXP_CONCATENATION":
                var parts = new List<Automaton>();
                Leaves(node, kind, parts, maxStates);
                var joined = kind == "REGEXP_UNION" ? BasicOperations.Union(parts) : BasicOperations.Concatenate(parts);
                return Determinize(joined, maxStates);
            case "REGEXP_INTERSECTION":
                var left = Build(Exp1(node), maxStates);
                var right = Build(Exp2(node), maxStates);
                // The product of two deterministic automata has at most |left| x |right| states.
                Require((long)left.GetNumberOfStates() * right.GetNumberOfStates(), maxStates);
                return Determinize(left.Intersection(right), maxStates);
            case "REGEXP_OPTIONAL":
                return Determinize(Build(Exp1(node), maxStates).Optional(), maxStates);
            case "REGEXP_REPEAT":
                return Determinize(Build(Exp1(node), maxStates).Repeat(), maxStates);
            case "REGEXP_REPEAT_MIN":
                var atLeast = Build(Exp1(node), maxStates);
                var min = (int)MinField.GetValue(node)!;
                Require((long)atLeast.GetNumberOfStates() * (min + 1), maxStates); // min copies, then a loop
                return Determinize(atLeast.Repeat(min), maxStates);
            case "REGEXP_REPEAT_MINMAX":
                var counted = Build(Exp1(node), maxStates);
                var max = (int)MaxField.GetValue(node)!;
                Require((long)counted.GetNumberOfStates() * Math.Max(max, 1), maxStates); // max copies before determinizing
                return Determinize(counted.Repeat((int)MinField.GetValue(node)!, max), maxStates);
            case "REGEXP_COMPLEMENT":
                // Complement determinizes its operand: hand it one that is deterministic already.
                return Build(Exp1(node), maxStates).Complement();
            case "REGEXP_CHAR":
                return BasicAutomata.MakeChar((int)CharField.GetValue(node)!);
            case "REGEXP_CHAR_RANGE":
                return BasicAutomata.MakeCharRange((int)FromField.GetValue(node)!, (int)ToField.GetValue(node)!);
            case "REGEXP_ANYCHAR":
                return BasicAutomata.MakeAnyChar();
            case "REGEXP_EMPTY":
                return BasicAutomata.MakeEmpty();
            case "REGEXP_STRING":
                return BasicAutomata.MakeString((string)StringField.GetValue(node)!);
            case "REGEXP_ANYSTRING":
                return BasicAutomata.MakeAnyString();
            case "REGEXP_INTERVAL":
                return BasicAutomata.MakeInterval((int)MinField.GetValue(node)!, (int)MaxField.GetValue(node)!, (int)DigitsField.GetValue(node)!);
            default:
                // Named automata (<name>) need a provider the query never has; Lucene refuses them the same way.
                throw new ArgumentException($"'{node}' is not supported in a query");
        }
    }

    private static void Leaves(RegExp node, string kind, List<Automaton> into, int maxStates)
    {
        foreach (var child in (ReadOnlySpan<RegExp>)[Exp1(node), Exp2(node)])
        {
            if (KindField.GetValue(child)!.ToString() == kind)
            {
                Leaves(child, kind, into, maxStates);
            }
            else
            {
                into.Add(Build(child, maxStates));
            }
        }
    }

    /// <summary>The subset construction with a bound on the states it makes, then Lucene's minimization (cheap once deterministic).</summary>
    private static Automaton Determinize(Automaton nfa, int maxStates)
    {
        if (nfa.IsDeterministic || nfa.Singleton is not null)
        {
            return nfa;
        }

        var states = nfa.GetNumberedStates();
        Require(states.Length, maxStates * 4L); // the NFA itself (counted repeats make copies)
        var points = nfa.GetStartPoints();
        var initialSet = new[] { nfa.GetInitialState().Number };
        var built = new Dictionary<string, State>(StringComparer.Ordinal);
        var pending = new Queue<(int[] Set, State State)>();
        var initial = NewState(initialSet, states, built, pending);
        var targets = new SortedSet<int>();
        while (pending.TryDequeue(out var current))
        {
            for (var p = 0; p < points.Length; p++)
            {
                targets.Clear();
                foreach (var number in current.Set)
                {
                    foreach (var transition in states[number].GetTransitions())
                    {
                        if (transition.Min <= points[p] && points[p] <= transition.Max)
                        {
                            targets.Add(transition.Dest.Number);
                        }
                    }
                }

                if (targets.Count == 0)
                {
                    continue;
                }

                var set = targets.ToArray();
                if (!built.TryGetValue(Key(set), out var next))
                {
                    Require(built.Count + 1, maxStates);
                    next = NewState(set, states, built, pending);
                }

                var max = p + 1 < points.Length ? points[p + 1] - 1 : J2N.Character.MaxCodePoint;
                current.State.AddTransition(new Transition(points[p], max, next));
            }
        }

        var dfa = new Automaton(initial) { IsDeterministic = true };
        dfa.Reduce();
        MinimizationOperations.Minimize(dfa);
        return dfa;
    }

    private static State NewState(int[] set, State[] states, Dictionary<string, State> built, Queue<(int[], State)> pending)
    {
        var state = new State { Accept = set.Any(n => states[n].Accept) };
        built[Key(set)] = state;
        pending.Enqueue((set, state));
        return state;
    }

    private static string Key(int[] set) => string.Join(',', set);

    private static void Require(long states, long maxStates)
    {
        if (states > maxStates)
        {
            throw new TooManyStatesException();
        }
    }

    private static RegExp Exp1(RegExp node) => (RegExp)Exp1Field.GetValue(node)!;

    private static RegExp Exp2(RegExp node) => (RegExp)Exp2Field.GetValue(node)!;

    private static FieldInfo Field(string name) =>
        typeof(RegExp).GetField(name, Internal) ?? throw new MissingFieldException(nameof(RegExp), name);

    private sealed class TooManyStatesException : Exception;
}
