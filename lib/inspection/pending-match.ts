import { DFA, JS, NFA } from "refa";

/**
 * Answers, for a streamed text, "where could a match still be under way?": the earliest position
 * from which the rest of the text is a prefix of some match of the pattern. Text before it cannot
 * belong to a match that later chunks complete, so a stream may release it at once; prose is then
 * held back by a few characters at most instead of a whole pattern length.
 *
 * The pattern is compiled once into a deterministic automaton (refa), with lookarounds dropped:
 * that widens the language, so the answer may hold back more than needed, never less. Patterns
 * refa cannot read exactly (unresolvable backreferences, too many states) get no matcher, and the
 * caller falls back to holding back the pattern's full length.
 */
export type PendingMatcher = {
  /** The earliest index in [from, until) at which `text` ends inside a possible match; `until` when none. */
  earliestPendingStart(text: string, from: number, until: number): number;
};

/** A pattern whose automaton needs more states than this is not worth it: fall back to the window. */
const MAX_AUTOMATON_NODES = 4_000;
const ASCII = 128;
const DEAD = -1;

export function compilePendingMatcher(pattern: Pick<RegExp, "source" | "flags">): PendingMatcher | null {
  let dfa: DFA;
  try {
    const flags = pattern.flags.replace(/[gyd]/g, "");
    const { expression, maxCharacter } = JS.Parser.fromLiteral({ source: pattern.source, flags }).parse({ assertions: "ignore", backreferences: "throw" });
    const nfa = NFA.fromRegex(expression, { maxCharacter }, {}, new NFA.LimitedNodeFactory(MAX_AUTOMATON_NODES));
    dfa = DFA.fromFA(nfa, new DFA.LimitedNodeFactory(MAX_AUTOMATON_NODES));
    dfa.minimize();
  } catch {
    return null;
  }
  const table = transitionTable(dfa);
  const byCodePoint = pattern.flags.includes("u") || pattern.flags.includes("v");

  return {
    earliestPendingStart(text, from, until) {
      for (let start = Math.max(0, from); start < until; start++) {
        if (byCodePoint && isLowSurrogateAfterHigh(text, start)) continue;
        if (runsToEnd(table, text, start, byCodePoint)) return start;
      }
      return until;
    },
  };
}

/**
 * The automaton as arrays: per state an ASCII row (the common case, no map lookup) and the
 * remaining transitions. Only states from which a match is still reachable are kept; any other
 * step is DEAD.
 */
type TransitionTable = { ascii: Int32Array[]; other: ((char: number) => number)[]; initial: number };

function transitionTable(dfa: DFA): TransitionTable {
  const nodes = [...dfa.nodes()];
  const live = liveNodes(nodes, dfa.finals);
  const index = new Map(nodes.map((node, i) => [node, live.has(node) ? i : DEAD]));
  const ascii = nodes.map((node) => {
    const row = new Int32Array(ASCII).fill(DEAD);
    for (let char = 0; char < ASCII; char++) {
      const to = node.out.get(char);
      if (to) row[char] = index.get(to) ?? DEAD;
    }
    return row;
  });
  const other = nodes.map((node) => (char: number) => {
    const to = node.out.get(char);
    return to ? (index.get(to) ?? DEAD) : DEAD;
  });
  return { ascii, other, initial: live.has(dfa.initial) ? index.get(dfa.initial)! : DEAD };
}

/** States from which some final state can be reached (finals included). */
function liveNodes(nodes: DFA.Node[], finals: ReadonlySet<DFA.Node>): Set<DFA.Node> {
  const incoming = new Map<DFA.Node, DFA.Node[]>();
  for (const node of nodes) {
    for (const to of node.out.values()) {
      const list = incoming.get(to);
      if (list) list.push(node);
      else incoming.set(to, [node]);
    }
  }
  const live = new Set(finals);
  const queue = [...finals];
  while (queue.length > 0) {
    for (const from of incoming.get(queue.pop()!) ?? []) {
      if (!live.has(from)) {
        live.add(from);
        queue.push(from);
      }
    }
  }
  return live;
}

/** Does the automaton, started at `start`, consume the whole rest of the text without dying? */
function runsToEnd(table: TransitionTable, text: string, start: number, byCodePoint: boolean): boolean {
  let state = table.initial;
  for (let i = start; i < text.length && state !== DEAD; i++) {
    let char = text.charCodeAt(i);
    if (byCodePoint && char >= 0xd800 && char <= 0xdbff && i + 1 < text.length) {
      char = text.codePointAt(i)!;
      if (char > 0xffff) i++;
    }
    state = char < ASCII ? table.ascii[state]![char]! : table.other[state]!(char);
  }
  return state !== DEAD;
}

function isLowSurrogateAfterHigh(text: string, i: number): boolean {
  const char = text.charCodeAt(i);
  const before = i > 0 ? text.charCodeAt(i - 1) : 0;
  return char >= 0xdc00 && char <= 0xdfff && before >= 0xd800 && before <= 0xdbff;
}
