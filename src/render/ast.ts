/** The calls in a parsed template: every mustache, block, partial and sub-expression, nested ones included. */

/** A statement or sub-expression that names a helper, a field or a partial, with its arguments. */
export interface Call {
  type: string;
  /** The helper or field named (a partial's name for a partial). */
  path: hbs.AST.PathExpression | hbs.AST.Literal | hbs.AST.SubExpression;
  params: hbs.AST.Expression[];
  hash?: hbs.AST.Hash;
  loc: hbs.AST.SourceLocation;
}

export function calls(program: hbs.AST.Program): Call[] {
  const found: Call[] = [];
  const call = (node: Call): void => {
    found.push(node);
    for (const value of [...node.params, ...(node.hash?.pairs ?? []).map((pair) => pair.value)]) {
      if (value.type === "SubExpression") call(value as hbs.AST.SubExpression as Call);
    }
  };
  const walk = (block: hbs.AST.Program | undefined): void => {
    for (const node of block?.body ?? []) {
      switch (node.type) {
        case "MustacheStatement":
        case "Decorator":
          call(node as hbs.AST.MustacheStatement as Call);
          break;
        case "PartialStatement": {
          const partial = node as hbs.AST.PartialStatement;
          call({ ...partial, path: partial.name } as Call);
          break;
        }
        case "BlockStatement":
        case "DecoratorBlock": {
          const block = node as hbs.AST.BlockStatement;
          call(block as Call);
          walk(block.program);
          walk(block.inverse);
          break;
        }
        case "PartialBlockStatement": {
          const partial = node as hbs.AST.PartialBlockStatement;
          call({ ...partial, path: partial.name } as Call);
          walk(partial.program);
          break;
        }
      }
    }
  };
  walk(program);
  return found;
}
