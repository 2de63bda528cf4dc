import { SOCIO_PROFESSIONAL_KEYS } from '../domain/socio-professional';
import { fields, hasVisibleCharacter, PAYMENT_METHODS, ROLE_LIST, strictInteger, todayInParis, z, type Role, type RouteInput } from '@intranet-militant/shared';

const roleEnum = ROLE_LIST as unknown as [Role, ...Role[]];
import { DEPARTMENT_CODE_PATTERN } from '../domain/department';
import { IMPORT_FIELDS, quoted, type ColumnMapping } from '../import/fields';

/** Request bodies and queries of the membership API, with the messages staff read. */

const documentId = fields.documentId;

const membershipNumber = z
  .string({ error: 'Le numéro d’adhérent est obligatoire.' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9-]{3,20}$/, {
    error: 'Le numéro d’adhérent compte 3 à 20 caractères : lettres, chiffres ou tirets.',
  });

const email = z
  .string({ error: 'L’adresse e-mail est obligatoire.' })
  .trim()
  .toLowerCase()
  .max(254, { error: 'L’adresse e-mail est trop longue.' })
  .pipe(z.email({ error: 'L’adresse e-mail n’est pas valide.' }));

const phone = z
  .string()
  .trim()
  .max(30, { error: 'Le téléphone : 30 caractères au plus.' })
  .regex(/^[0-9 +().-]*$/, { error: 'Le téléphone ne contient que des chiffres, espaces et + ( ) . -' });

const reason = z
  .string({ error: 'Le motif est obligatoire.' })
  .trim()
  .min(3, { error: 'Le motif est obligatoire (3 caractères au moins).' })
  .refine(hasVisibleCharacter, { error: 'Le motif est obligatoire (3 caractères au moins).' })
  .max(1000, { error: 'Le motif : 1000 caractères au plus.' });

/** Sex as registered: F or M; null clears it (not given). */
const sex = z.enum(['F', 'M'], { error: 'Le sexe (tel qu’enregistré) : F ou M.' }).nullable();

/** A year of birth from 1900 to the current (Paris) year; null clears it. */
const birthYear = strictInteger(
  z
    .number({ error: 'L’année de naissance est un nombre entier (AAAA).' })
    .int({ error: 'L’année de naissance est un nombre entier (AAAA).' })
    .min(1900, { error: 'L’année de naissance va de 1900 à l’année en cours.' })
    .refine((y) => y <= Number(todayInParis().slice(0, 4)), { error: 'L’année de naissance va de 1900 à l’année en cours.' })
).nullable();

export const federationInput = z.strictObject({
  name: fields.text('Le nom de la fédération', 120),
  departmentCode: z
    .string({ error: 'Le code du département est obligatoire.' })
    .trim()
    .toUpperCase()
    .regex(new RegExp(DEPARTMENT_CODE_PATTERN), {
      error: 'Le code du département n’existe pas (ex. 30, 2A, 974, 99 pour l’étranger).',
    }),
});
export const federationUpdate = federationInput
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });

export const sectionInput = z.strictObject({ name: fields.text('Le nom de la section', 120) });

export const memberInput = z.strictObject({
  firstName: fields.text('Le prénom', 80),
  lastName: fields.text('Le nom', 80),
  email,
  phone: phone.optional(),
  membershipNumber,
  federation: documentId('La fédération').optional(),
  section: documentId('La section').nullable().optional(),
  joinedOn: fields.isoDate('La date d’adhésion'),
  sex: sex.optional(),
  birthYear: birthYear.optional(),
  role: z.enum(roleEnum, { error: 'Rôle inconnu.' }).default('member'),
});
export type MemberInput = z.output<typeof memberInput>;

export const memberUpdate = z
  .strictObject({
    firstName: fields.text('Le prénom', 80),
    lastName: fields.text('Le nom', 80),
    email,
    phone: phone.nullable(),
    membershipNumber,
    federation: documentId('La fédération'),
    section: documentId('La section').nullable(),
    joinedOn: fields.isoDate('La date d’adhésion'),
    sex,
    birthYear,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { error: 'Aucune modification demandée.' });
export type MemberUpdate = z.output<typeof memberUpdate>;

export const statusChange = z
  .strictObject({
    status: z.enum(['active', 'suspended', 'excluded'], { error: 'Statut inconnu : active, suspended ou excluded.' }),
    reason,
    until: fields.isoDate('La fin de suspension').optional(),
  })
  .refine((v) => v.status === 'suspended' || v.until === undefined, {
    error: 'Une date de fin ne s’applique qu’à une suspension.',
    path: ['until'],
  });
export type StatusChange = z.output<typeof statusChange>;

/** A departure from the party (issue 22, item 4): the day and why (kept in the audit log only). */
export const departure = z.strictObject({
  on: fields.isoDate('La date de départ'),
  reason,
});
export type Departure = z.output<typeof departure>;

/** A member's own erasure request: they type « EFFACER » to confirm (nothing else is accepted) and give their current password. */
export const erasureRequest = z.strictObject({
  confirmation: z.literal('EFFACER', { error: 'Pour confirmer, saisissez EFFACER en majuscules.' }),
  password: z
    .string({ error: 'Saisissez votre mot de passe actuel.' })
    .min(1, { error: 'Saisissez votre mot de passe actuel.' })
    .max(200, { error: 'Mot de passe incorrect.' }),
});

/** A return to the party after a departure (« réadhésion »): the day and why (audit log). */
export const memberReturn = z.strictObject({
  on: fields.isoDate('La date de retour'),
  reason,
});
export type MemberReturn = z.output<typeof memberReturn>;

export const roleChange = z.strictObject({
  role: z.enum(roleEnum, { error: 'Rôle inconnu.' }),
});

export const dueInput = z.strictObject({
  year: strictInteger(z
    .number({ error: 'L’année est obligatoire.' })
    .int({ error: 'L’année est un nombre entier.' })
    .min(2000, { error: 'L’année doit être postérieure à 2000.' })
    .max(2100, { error: 'L’année n’est pas valide.' })),
  amountCents: z
    .number({ error: 'Le montant (en centimes) est obligatoire.' })
    .int({ error: 'Le montant s’exprime en centimes entiers.' })
    .positive({ error: 'Le montant doit être positif.' })
    .max(10_000_000, { error: 'Le montant est trop élevé.' }),
  paidOn: fields.isoDate('La date de paiement'),
  method: z.enum(PAYMENT_METHODS, {
    error: 'Mode de paiement inconnu : cheque, virement, prelevement, carte ou especes.',
  }),
  reference: z.string().trim().max(80, { error: 'La référence : 80 caractères au plus.' }).optional(),
});
export type DueInput = z.output<typeof dueInput>;

export const dueCancel = z.strictObject({ reason });

export const eligibilityQuery = z.strictObject({
  on: fields.isoDate('La date').optional(),
  cutoff: fields.isoDate('La date limite d’adhésion').optional(),
});

export const memberListQuery = z.strictObject({
  ...fields.pagination(),
  federation: documentId('La fédération').optional(),
  section: documentId('La section').optional(),
  status: z.enum(['active', 'suspended', 'excluded', 'left'], { error: 'Statut inconnu.' }).optional(),
  q: z.string().trim().max(100, { error: 'La recherche : 100 caractères au plus.' }).optional(),
});
export type MemberListQuery = z.output<typeof memberListQuery>;

/** The staff screen of departures pending erasure (issue 22). */
export const departureListQuery = z.strictObject({
  ...fields.pagination(),
  federation: documentId('La fédération').optional(),
});
export type DepartureListQuery = z.output<typeof departureListQuery>;
export type EligibilityQuery = z.output<typeof eligibilityQuery>;

/**
 * Field → column. Every key the caller sent is checked, own `__proto__` included (JSON.parse
 * makes it an own key, which a record's parse would otherwise drop silently).
 */
const columnMapping = z.preprocess(
  (value, ctx) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const key of Object.keys(value)) {
        if (!(IMPORT_FIELDS as readonly string[]).includes(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `Champ d’import inconnu : « ${quoted(key)} ».`, input: value });
        }
      }
    }
    return value;
  },
  z.partialRecord(
    z.enum(IMPORT_FIELDS, { error: 'Champ d’import inconnu.' }),
    z.string({ error: 'Le nom de colonne est du texte.' }).max(255, { error: 'Nom de colonne trop long.' })
  )
);

/** The upload's form fields (multipart): the federation (national admins) and a mapping as JSON text. */
export const importUpload = z.strictObject({
  // The file travels as a multipart part (`ctx.request.files`), never in the body: a JSON
  // body naming it gets this rather than « Champ inconnu : file. ».
  file: z
    .never({ error: 'Le fichier s’envoie en multipart/form-data (champ « file », CSV ou XLSX), pas dans un corps JSON.' })
    .optional(),
  federation: documentId('La fédération').optional(),
  mapping: z
    .string()
    .max(20_000, { error: 'Correspondance des colonnes trop longue.' })
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'La correspondance des colonnes doit être un objet JSON.' });
        return z.NEVER;
      }
    })
    .pipe(columnMapping)
    .optional(),
});

export const importRemap = z.strictObject({ mapping: columnMapping });
export const importConfirm = z.strictObject({
  invite: z.boolean({ error: 'Précisez si les nouveaux adhérents reçoivent leur invitation (oui ou non).' }),
  createSections: z.array(fields.text('Le nom de la section', 120), { error: 'Les sections à créer : une liste de noms.' }).max(500).default([]),
});
export const importRowsQuery = z.strictObject({
  ...fields.pagination(50),
  outcome: z.enum(['create', 'update', 'unchanged', 'refused'], { error: 'Résultat inconnu : create, update, unchanged ou refused.' }).optional(),
});
export type ImportRowsQuery = z.output<typeof importRowsQuery>;
export type { ColumnMapping };

/**
 * `:id` of a route: a documentId (unknown ones are answered 404 by the query or command).
 * Not strict: on GET routes Koa's router also hands over the captures of the static-file
 * route (`0`), which are not the caller's input.
 */
const params = (label: string) => z.object({ id: documentId(label) });
const federationParams = params('La fédération');
const sectionParams = params('La section');
const memberParams = params('L’adhérent');
const dueParams = params('La cotisation');

/**
 * What each route of the membership API accepts, by controller and action: the routes
 * declare these (validation before the controller), controllers type their context with
 * `RouteContext<typeof inputs.member.find>`.
 */
export const inputs = {
  me: {
    show: {},
    shareSocioProfessional: {
      body: z.strictObject({
        category: z.enum(SOCIO_PROFESSIONAL_KEYS, { error: 'Catégorie inconnue : choisissez l’une de celles proposées.' }),
        consent: z.literal(true, { error: 'Cochez la case de consentement pour enregistrer votre catégorie.' }),
      }),
    },
    withdrawSocioProfessional: {},
    requestExport: { body: z.strictObject({}, { error: 'Cette demande ne prend aucun paramètre.' }) },
    exports: { query: z.strictObject({}, { error: 'Cette liste ne prend aucun paramètre.' }) },
    requestErasure: { body: erasureRequest },
    download: {
      params: params('L’export'),
      query: z.strictObject({
        format: z.enum(['json', 'html', 'pdf'], { error: 'Format inconnu : json, html ou pdf.' }).default('json'),
      }),
    },
  },
  federation: {
    find: {},
    create: { body: federationInput },
    update: { params: federationParams, body: federationUpdate },
  },
  section: {
    find: { params: federationParams },
    create: { params: federationParams, body: sectionInput },
    update: { params: sectionParams, body: sectionInput },
  },
  member: {
    find: { query: memberListQuery },
    create: { body: memberInput },
    findOne: { params: memberParams },
    update: { params: memberParams, body: memberUpdate },
    changeStatus: { params: memberParams, body: statusChange },
    changeRole: { params: memberParams, body: roleChange },
    eligibility: { params: memberParams, query: eligibilityQuery },
    depart: { params: memberParams, body: departure },
    return: { params: memberParams, body: memberReturn },
    erase: { params: memberParams, body: z.strictObject({}, { error: 'Cette demande ne prend aucun paramètre.' }) },
    departures: { query: departureListQuery },
  },
  import: {
    create: { body: importUpload },
    findOne: { params: params('L’import') },
    remap: { params: params('L’import'), body: importRemap },
    rows: { params: params('L’import'), query: importRowsQuery },
    refused: { params: params('L’import') },
    confirm: { params: params('L’import'), body: importConfirm },
  },
  due: {
    find: { params: memberParams },
    create: { params: memberParams, body: dueInput },
    cancel: { params: dueParams, body: dueCancel },
  },
} satisfies Record<string, Record<string, RouteInput>>;
