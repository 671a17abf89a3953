import { componentName, resolveRef, type OpenApiDocument, type SchemaObject } from './openapi';
import { comment, NameSet, pascalCase, propertyKey, quote, TAKEN_GLOBALLY } from './names';
import {
  isDateTime,
  isNullable,
  isPrimitive,
  jsonTypes,
  objectShape,
  type ObjectShape,
  typeOf,
  union,
  type RefNamer,
  type TypeSite,
} from './schema-types';

/** A named schema: a class (objects with properties, mapped by class-transformer) or a type alias. */
interface Model {
  name: string;
  schema: SchemaObject;
  kind: 'class' | 'alias';
  /** The schema's name in the document, when the model's name differs. */
  source?: string;
  nullable: boolean;
}

/** One property of a generated class. */
interface Member {
  key: string;
  optional: boolean;
  type: string;
  decorator?: string;
  docs: (string | false | undefined)[];
  /** The class the annotation names as a value (decorator metadata reads it when the class is defined). */
  classEdge?: string;
  /** Annotated as `LazyRef<…>`: that class is declared further down (mutual recursion). */
  lazy?: boolean;
}

/** What class-transformer builds at a mapped position (a class property or a response body). */
export interface Mapping {
  type: string;
  /** The class (or `Date`) to build, and whether the value is an array of it. */
  target?: { name: string; array: boolean };
  /** A discriminated union: the `@Type` options that pick the class by the discriminator property. */
  discriminator?: { property: string; subTypes: string; fallback: string };
}

interface Discriminator {
  constName: string;
  entries: [value: string, className: string][];
}

const GLOBAL_NAMES = new Set(TAKEN_GLOBALLY);
const MAX_DEPTH = 8;

/** The document's schemas as TypeScript: classes, aliases, request (`…Input`) shapes, and the rules between them. */
export class Models implements RefNamer {
  private readonly components = new Map<string, Model>();
  private readonly classes: Model[] = [];
  private readonly classesByName = new Map<string, Model>();
  private readonly shapes = new WeakMap<SchemaObject, ObjectShape>();
  private readonly aliases: Model[] = [];
  private readonly hoisted = new Map<SchemaObject, Model>();
  private readonly members = new Map<Model, Member[]>();
  private readonly inputs = new Map<Model, string>();
  private readonly dates = new Map<Model, boolean>();
  private readonly readOnly = new Map<Model, boolean>();
  private readonly discriminators = new Map<SchemaObject, Discriminator>();
  private readonly privateNames = new NameSet();
  private usesPlain = false;
  private depth = 0;

  constructor(
    private readonly document: OpenApiDocument,
    private readonly names: NameSet,
  ) {
    for (const [source, schema] of Object.entries(document.components?.schemas ?? {})) {
      const pascal = pascalCase(source);
      const name = names.claim(GLOBAL_NAMES.has(pascal) ? `${pascal}Model` : pascal);
      const model: Model = {
        name,
        schema,
        kind: this.isClassSchema(schema) ? 'class' : 'alias',
        source: name === source ? undefined : source,
        nullable: isNullable(schema),
      };
      this.components.set(source, model);
      if (model.kind === 'class') this.addClass(model);
      else this.aliases.push(model);
    }
  }

  /** The names of the classes (values at run time; the other models are types only). */
  classNames(): string[] {
    return this.classes.map((model) => model.name);
  }

  resolve(schema: SchemaObject): SchemaObject {
    return resolveRef(this.document, schema);
  }

  /** The type a `$ref` stands for at `site`: a model name, `…Input` when sent, `Plain<…>` when not mapped. */
  refType(ref: string, site: TypeSite): string {
    const model = this.componentOf(ref);
    if (!model) return this.inline(this.resolve({ $ref: ref }), site);
    let name = model.name;
    if (model.kind === 'class' && site.mode === 'write' && this.hasReadOnly(model))
      name = this.inputName(model);
    else if (model.kind === 'class' && site.mode === 'read' && this.hasDates(model)) {
      // Outside a mapped position class-transformer builds nothing: the value is JSON, dates are strings.
      this.usesPlain = true;
      site.uses.add('Plain');
      name = `Plain<${name}>`;
    }
    site.uses.add(name.startsWith('Plain<') ? model.name : name);
    return model.kind === 'class' && model.nullable ? `${name} | null` : name;
  }

  /** The type of a schema at `site`. */
  typeOf(schema: SchemaObject | undefined, site: TypeSite): string {
    return typeOf(schema, site, this);
  }

  /**
   * What class-transformer can build for a value (a property or a response body): a class, a `Date`,
   * an array of them, or a discriminated union; inline objects that hold any of these become classes
   * named `hint`. Undefined when the value stays JSON.
   */
  mapping(schema: SchemaObject | undefined, hint: string, uses: Set<string>): Mapping | undefined {
    if (!schema) return undefined;
    const { core, nullable, alias } = this.unwrap(schema);
    const orNull = (type: string, also = false) => (nullable || also ? `${type} | null` : type);
    const classRef = core.$ref ? this.componentOf(core.$ref) : undefined;
    if (classRef?.kind === 'class') {
      uses.add(classRef.name);
      return {
        type: orNull(classRef.name, classRef.nullable),
        target: { name: classRef.name, array: false },
        discriminator: this.baseDiscriminator(classRef),
      };
    }
    if (isDateTime(core)) return { type: orNull('Date'), target: { name: 'Date', array: false } };
    const types = jsonTypes(core).filter((t) => t !== 'null');
    if (types.length === 1 && types[0] === 'array' && core.items && typeof core.items === 'object') {
      const item = this.unwrap(core.items);
      const itemRef = item.core.$ref ? this.componentOf(item.core.$ref) : undefined;
      const itemClass = itemRef?.kind === 'class' ? itemRef : undefined;
      let name: string | undefined = itemClass?.name;
      if (!name && isDateTime(item.core)) name = 'Date';
      if (!name && this.isClassSchema(item.core) && this.needsMapping(item.core, 0)) {
        name = this.hoist(item.core, `${hint}Item`).name;
      }
      if (!name) {
        // An array of a discriminated union: class-transformer picks each item's class.
        const items = this.unionDiscriminator(item.core, item.alias ?? `${hint}Item`);
        if (!items) return undefined;
        items.classes.forEach((className) => uses.add(className));
        return {
          type: orNull(`(${union(items.classes)}${item.nullable ? ' | null' : ''})[]`),
          discriminator: { property: items.property, subTypes: items.constName, fallback: 'Object' },
        };
      }
      if (name !== 'Date') uses.add(name);
      const itemType = item.nullable || itemClass?.nullable ? `(${name} | null)[]` : `${name}[]`;
      return { type: orNull(itemType), target: { name, array: true } };
    }
    const discriminated = this.unionDiscriminator(core, alias ?? hint);
    if (discriminated) {
      discriminated.classes.forEach((name) => uses.add(name));
      return {
        type: orNull(union(discriminated.classes)),
        discriminator: {
          property: discriminated.property,
          subTypes: discriminated.constName,
          fallback: 'Object',
        },
      };
    }
    if (this.isClassSchema(core) && this.needsMapping(core, 0)) {
      const model = this.hoist(core, hint);
      uses.add(model.name);
      return { type: orNull(model.name), target: { name: model.name, array: false } };
    }
    return undefined;
  }

  /** models.ts: aliases, classes (dependencies first), request shapes. */
  render(title: string): string {
    // Members may hoist inline classes; go on until every class has its members.
    for (let i = 0; i < this.classes.length; i++) this.membersOf(this.classes[i]);
    const ordered = this.declarationOrder();
    const blocks: string[] = [];
    for (const model of this.aliases) {
      const site: TypeSite = { mode: 'read', uses: new Set() };
      const docs = [
        model.schema.description,
        this.sourceNote(model),
        model.schema.deprecated && '@deprecated',
      ];
      blocks.push(`${comment(docs, '')}export type ${model.name} = ${this.typeOf(model.schema, site)};`);
    }
    for (const model of ordered) blocks.push(this.renderClass(model));
    // Request shapes may ask for more request shapes.
    const rendered = new Set<Model>();
    for (let changed = true; changed;) {
      changed = false;
      for (const [model, name] of [...this.inputs]) {
        if (rendered.has(model)) continue;
        rendered.add(model);
        changed = true;
        blocks.push(this.renderInput(model, name));
      }
    }
    const usesType = blocks.some((block) => block.includes('@Type('));
    const usesLazy = blocks.some((block) => block.includes('LazyRef<'));
    const helpers = [
      this.usesPlain &&
        `/** What a class holds as plain JSON, before class-transformer maps it (dates are strings): the type of a value that is not mapped. */\nexport type Plain<T> = T extends Date ? string : T extends (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;`,
      usesLazy &&
        '/** A class declared further down: the same type, but decorator metadata does not read the class before it exists. */\nexport type LazyRef<T> = T;',
      ...[...this.discriminators.values()].map(
        (d) =>
          `// Filled at the end of the file, once every class exists.\nconst ${d.constName}: { name: string; value: new (...args: any[]) => any }[] = [];`,
      ),
    ].filter(Boolean);
    const fills = [...this.discriminators.values()].map(
      (d) =>
        `${d.constName}.push(${d.entries.map(([value, name]) => `{ name: ${quote(value)}, value: ${name} }`).join(', ')});`,
    );
    return [
      `// Generated by \`restfit generate\` from ${title}. Do not edit.`,
      // class-transformer's @Type reads decorator metadata: load the polyfill before any class is defined.
      "import 'reflect-metadata';",
      ...(usesType ? ["import { Type } from 'class-transformer';"] : []),
      '',
      ...helpers.map((h) => `${h}\n`),
      blocks.join('\n\n'),
      ...(fills.length ? ['', ...fills] : []),
      '',
    ].join('\n');
  }

  private renderClass(model: Model): string {
    const alternatives = model.schema.oneOf ?? model.schema.anyOf;
    const docs = [
      model.schema.description ?? model.schema.title,
      this.sourceNote(model),
      alternatives &&
        `Also one of ${alternatives.length} alternatives (oneOf/anyOf): only the properties they share are typed here.`,
      model.schema.deprecated && '@deprecated',
    ];
    const lines = this.membersOf(model).map((m) => {
      const type = m.lazy ? m.type.replace(m.classEdge!, `LazyRef<${m.classEdge}>`) : m.type;
      const key = m.key === '[key: string]' ? m.key : propertyKey(m.key);
      const mark = m.key === '[key: string]' ? '' : m.optional ? '?' : '!';
      return `${comment(m.docs, '  ')}${m.decorator ? `  ${m.decorator}\n` : ''}  ${key}${mark}: ${type};`;
    });
    return `${comment(docs, '')}export class ${model.name} {\n${lines.join('\n')}\n}`;
  }

  private renderInput(model: Model, name: string): string {
    const shape = this.shapeOf(model.schema);
    const site: TypeSite = { mode: 'write', uses: new Set() };
    const lines = Object.entries(shape.properties)
      .filter(([, property]) => !this.resolve(property).readOnly)
      .map(([key, property]) => {
        const docs = [
          property.description ?? this.resolve(property).description,
          property.deprecated && '@deprecated',
        ];
        const optional = !shape.required.has(key);
        return `${comment(docs, '  ')}  ${propertyKey(key)}${optional ? '?' : ''}: ${this.typeOf(property, site)};`;
      });
    if (shape.additional) lines.push('  [key: string]: unknown;');
    const docs = [`${model.name} as the caller sends it: read-only properties left out.`];
    return `${comment(docs, '')}export interface ${name} {\n${lines.join('\n')}\n}`;
  }

  private membersOf(model: Model): Member[] {
    const known = this.members.get(model);
    if (known) return known;
    const members: Member[] = [];
    this.members.set(model, members);
    const shape = this.shapeOf(model.schema);
    const site: TypeSite = { mode: 'read', uses: new Set() };
    for (const [key, property] of Object.entries(shape.properties)) {
      const resolved = this.resolve(property);
      const docs = [
        property.description ?? resolved.description,
        resolved.readOnly && 'Read-only: sent by the server, never sent back.',
        resolved.writeOnly && 'Write-only: never sent by the server.',
        property.default !== undefined && `@default ${JSON.stringify(property.default)}`,
        (property.deprecated || resolved.deprecated) && '@deprecated',
      ];
      const optional = !shape.required.has(key) || Boolean(resolved.writeOnly);
      const mapped = this.mapping(property, `${model.name}${pascalCase(key)}`, site.uses);
      if (!mapped) {
        members.push({ key, optional, type: this.typeOf(property, site), docs });
        continue;
      }
      const target = mapped.discriminator
        ? `@Type(() => ${mapped.discriminator.fallback}, { discriminator: { property: ${quote(mapped.discriminator.property)}, subTypes: ${mapped.discriminator.subTypes} }, keepDiscriminatorProperty: true })`
        : `@Type(() => ${mapped.target!.name})`;
      const edge =
        mapped.target && !mapped.target.array && mapped.target.name !== 'Date'
          ? mapped.target.name
          : undefined;
      members.push({ key, optional, type: mapped.type, decorator: target, docs, classEdge: edge });
    }
    if (shape.additional) {
      const note =
        shape.additional === true ? undefined : `Other properties: ${this.typeOf(shape.additional, site)}.`;
      members.push({ key: '[key: string]', optional: false, type: 'unknown', docs: [note ?? ''] });
    }
    return members;
  }

  /**
   * Classes before the classes whose annotations name them (decorator metadata reads an annotated class
   * when the class using it is defined); a reference back into a cycle is annotated `LazyRef<…>`.
   */
  private declarationOrder(): Model[] {
    const byName = this.classesByName;
    const ordered: Model[] = [];
    const state = new Map<Model, 'visiting' | 'done'>();
    const visit = (model: Model) => {
      state.set(model, 'visiting');
      for (const member of this.membersOf(model)) {
        const next = member.classEdge ? byName.get(member.classEdge) : undefined;
        if (!next || next === model) continue;
        if (state.get(next) === 'visiting') member.lazy = true;
        else if (!state.has(next)) visit(next);
      }
      state.set(model, 'done');
      ordered.push(model);
    };
    for (const model of this.classes) if (!state.has(model)) visit(model);
    return ordered;
  }

  private sourceNote(model: Model): string | undefined {
    return model.source === undefined ? undefined : `The schema "${model.source}" of the document.`;
  }

  private componentOf(ref: string): Model | undefined {
    const name = componentName(ref);
    return name === undefined ? undefined : this.components.get(name);
  }

  private isClassSchema(schema: SchemaObject): boolean {
    if (schema.enum || 'const' in schema || isPrimitive(schema)) return false;
    if (jsonTypes(schema).includes('array')) return false;
    if ((schema.oneOf || schema.anyOf) && !schema.properties) return false;
    return Object.keys(this.shapeOf(schema).properties).length > 0;
  }

  private inline(schema: SchemaObject, site: TypeSite): string {
    if (this.depth > MAX_DEPTH) return 'unknown';
    this.depth++;
    try {
      return this.typeOf(schema, site);
    } finally {
      this.depth--;
    }
  }

  /**
   * Looks through what does not change a value's class: `$ref`s to aliases, `allOf` with one part and
   * references outside components. Nullability seen on the way is kept.
   */
  private unwrap(schema: SchemaObject): { core: SchemaObject; nullable: boolean; alias?: string } {
    let core = schema;
    let nullable = false;
    let alias: string | undefined;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      nullable ||= isNullable(core);
      if (core.$ref) {
        const name = componentName(core.$ref);
        const model = name === undefined ? undefined : this.components.get(name);
        if (model?.kind === 'class') break;
        alias = model?.name ?? alias;
        core = model ? model.schema : this.resolve(core);
      } else if (core.allOf?.length === 1 && !core.properties) {
        core = core.allOf[0];
      } else if ((core.oneOf ?? core.anyOf) && !core.properties && !core.discriminator) {
        // oneOf/anyOf of one schema and null (3.1's way to say nullable).
        const others = (core.oneOf ?? core.anyOf)!.filter(
          (s) => !(jsonTypes(s).length === 1 && jsonTypes(s)[0] === 'null'),
        );
        if (others.length !== 1 || others.length === (core.oneOf ?? core.anyOf)!.length) break;
        nullable = true;
        core = others[0];
      } else break;
    }
    return { core, nullable, alias };
  }

  /** Inline objects that hold a date or a class somewhere are worth a class of their own. */
  private needsMapping(schema: SchemaObject, depth: number): boolean {
    if (depth > 3) return false;
    const shape = this.shapeOf(schema);
    return Object.values(shape.properties).some((property) => {
      const { core } = this.unwrap(property);
      if (core.$ref || isDateTime(core)) return true;
      const item = core.items && typeof core.items === 'object' ? this.unwrap(core.items).core : undefined;
      if (item && (item.$ref || isDateTime(item))) return true;
      return this.isClassSchema(core) && this.needsMapping(core, depth + 1);
    });
  }

  private hoist(schema: SchemaObject, hint: string): Model {
    const known = this.hoisted.get(schema);
    if (known) return known;
    const model: Model = { name: this.names.claim(pascalCase(hint)), schema, kind: 'class', nullable: false };
    this.hoisted.set(schema, model);
    this.addClass(model);
    return model;
  }

  private addClass(model: Model): void {
    this.classes.push(model);
    this.classesByName.set(model.name, model);
  }

  /** objectShape, once per schema: big documents ask for the same shapes many times. */
  shapeOf(schema: SchemaObject): ObjectShape {
    let shape = this.shapes.get(schema);
    if (!shape) this.shapes.set(schema, (shape = objectShape(schema, this)));
    return shape;
  }

  private inputName(model: Model): string {
    let name = this.inputs.get(model);
    if (!name) this.inputs.set(model, (name = this.names.claim(`${model.name}Input`)));
    return name;
  }

  /** Whether a class holds a `Date` anywhere (then its plain JSON differs from the class). */
  private hasDates(model: Model): boolean {
    const known = this.dates.get(model);
    if (known !== undefined) return known;
    this.dates.set(model, false);
    const byName = this.classesByName;
    const result = this.membersOf(model).some((member) => {
      if (!member.decorator) return false;
      if (member.decorator === '@Type(() => Date)') return true;
      return member.type
        .split(/[^\w$]+/)
        .some((name) => byName.has(name) && byName.get(name) !== model && this.hasDates(byName.get(name)!));
    });
    this.dates.set(model, result);
    return result;
  }

  /** Whether a class has `readOnly` properties, itself or in the classes it holds. */
  private hasReadOnly(model: Model): boolean {
    const known = this.readOnly.get(model);
    if (known !== undefined) return known;
    this.readOnly.set(model, false);
    const shape = this.shapeOf(model.schema);
    const result = Object.values(shape.properties).some((property) => {
      if (this.resolve(property).readOnly) return true;
      const { core } = this.unwrap(property);
      const item = core.items && typeof core.items === 'object' ? this.unwrap(core.items).core : core;
      const target = item.$ref ? this.componentOf(item.$ref) : undefined;
      return target?.kind === 'class' && this.hasReadOnly(target);
    });
    this.readOnly.set(model, result);
    return result;
  }

  /** A oneOf/anyOf of classes with a discriminator: class-transformer picks the class by that property. */
  private unionDiscriminator(
    schema: SchemaObject,
    hint: string,
  ): { property: string; constName: string; classes: string[] } | undefined {
    const alternatives = schema.oneOf ?? schema.anyOf;
    if (!alternatives || !schema.discriminator?.propertyName) return undefined;
    const classes = alternatives.map((s) => (s.$ref ? this.componentOf(s.$ref) : undefined));
    if (classes.some((model) => model?.kind !== 'class')) return undefined;
    const entries: [string, string][] = schema.discriminator.mapping
      ? Object.entries(schema.discriminator.mapping).flatMap(([value, ref]) => {
          const model = this.componentOf(ref.startsWith('#') ? ref : `#/components/schemas/${ref}`);
          return model?.kind === 'class' ? [[value, model.name] as [string, string]] : [];
        })
      : alternatives.map((s, i) => [componentName(s.$ref!)!, classes[i]!.name]);
    const d = this.discriminatorFor(schema, hint, entries);
    return {
      property: schema.discriminator.propertyName,
      constName: d.constName,
      classes: classes.map((m) => m!.name),
    };
  }

  /** A class with a discriminator and subclasses (`allOf: [$ref: Base]`): map to the subclass. */
  private baseDiscriminator(model: Model): Mapping['discriminator'] {
    const discriminator = model.schema.discriminator;
    if (!discriminator?.propertyName) return undefined;
    let entries: [string, string][] = [];
    if (discriminator.mapping) {
      entries = Object.entries(discriminator.mapping).flatMap(([value, ref]) => {
        const target = this.componentOf(ref.startsWith('#') ? ref : `#/components/schemas/${ref}`);
        return target?.kind === 'class' ? [[value, target.name] as [string, string]] : [];
      });
    } else {
      for (const [source, candidate] of this.components) {
        if (candidate.schema.allOf?.some((part) => part.$ref && this.componentOf(part.$ref) === model)) {
          entries.push([source, candidate.name]);
        }
      }
    }
    if (entries.length === 0) return undefined;
    const d = this.discriminatorFor(model.schema, model.name, entries);
    return { property: discriminator.propertyName, subTypes: d.constName, fallback: model.name };
  }

  private discriminatorFor(schema: SchemaObject, hint: string, entries: [string, string][]): Discriminator {
    let d = this.discriminators.get(schema);
    if (!d) {
      d = { constName: this.privateNames.claim(`subTypesOf${pascalCase(hint)}`), entries };
      this.discriminators.set(schema, d);
    }
    return d;
  }
}
