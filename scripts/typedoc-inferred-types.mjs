// TypeDoc plugin: properties of types inferred from values (the zod schemas' `z.output`, `as const`
// tables such as HELM_CHARTS) have no declaration a comment could sit on; TypeDoc expands them
// inline and would report each one as undocumented. Their documentation is the hand-written
// interface the schema checks (`EnvironmentSpec`, `ModelSpec`, ...) or the table's own comment.
// This plugin exempts exactly those properties (declared by an object literal's property
// assignment) from `validation.notDocumented`; every declared member (interfaces, classes, type
// literals, functions) still needs its TSDoc.
import { Converter, ReflectionKind } from 'typedoc';
import ts from 'typescript';

/** @param {import('typedoc').Application} app */
export function load(app) {
  const inferred = new Set();
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    const declaration = context.getSymbolFromReflection(reflection)?.declarations?.[0];
    if (
      declaration &&
      (declaration.kind === ts.SyntaxKind.PropertyAssignment ||
        declaration.kind === ts.SyntaxKind.ShorthandPropertyAssignment)
    ) {
      inferred.add(reflection);
    }
  });
  // validation skips members of parameters and reflections dropped from the project
  const checked = (reflection) => {
    for (let r = reflection.parent; r; r = r.parent) if (r.kindOf(ReflectionKind.Parameter)) return false;
    return reflection.project?.getReflectionById(reflection.id) === reflection && !reflection.hasComment();
  };
  const getValue = app.options.getValue.bind(app.options);
  app.options.getValue = (name) =>
    name === 'intentionallyNotDocumented'
      ? [...getValue(name), ...new Set([...inferred].filter(checked).map((r) => r.getFriendlyFullName()))]
      : getValue(name);
}
