import type { SensitiveCategory } from '../types.js';

// Special categories of personal data (LGPD Art. 5 II and 11; GDPR Art. 9 and 10 for CRIMINAL).
// Terms are written without accents and in lower case: matching folds the text the same way.
// Kept to words that point at a person's condition or belief, not at the topic in general.

export const SENSITIVE_TERMS: Record<SensitiveCategory, string> = {
  HEALTH: `
    cancer, tumor, quimioterapia, quimio, radioterapia, diabetes, diabetico, diabetica, hiv, aids, soropositivo,
    seropositivo, hepatite, hepatitis, depressao, depresion, depression, ansiedade, ansiedad, anxiety disorder,
      bipolar, esquizofrenia, schizophrenia, autismo, autista, autism, tdah, adhd,
    gravida, gravidez, embarazada, embarazo, pregnant, pregnancy, aborto, abortion, miscarriage, deficiencia,
    deficiente, discapacidad, disability, disabled, cadeirante, epilepsia, epilepsy, alzheimer, parkinson,
    avc, derrame, ictus, stroke, infarto, heart attack, covid, tuberculose, tuberculosis, insulina, insulin,
    hemodialise, dialise, dialisis, dialysis, cirurgia, cirugia, surgery, internado, internada, hospitalizado,
    hospitalizada, hospitalised, hospitalized, uti, uci, icu, atestado medico, baja medica, sick leave,
    diagnostico, diagnosis, diagnosticado, diagnosticada, diagnosed, laudo medico, informe medico, medical report,
    medicamento controlado, antidepressivo, antidepresivo, antidepressant, psiquiatra, psychiatrist, psicologo,
    terapia, therapy, alergia, allergy, asma, asthma, doenca, enfermedad, illness, disease, doente, enfermo,
    sindrome de down, down syndrome,  receita medica, prescription, tratamento medico, tratamiento medico,
    medical treatment, plano de saude, seguro medico, health insurance, exame de sangue, analisis de sangre,
    blood test, transtorno alimentar, transtorno de ansiedade, transtorno bipolar, trastorno bipolar, trastorno de ansiedad, anorexia, bulimia, dependencia quimica, alcoolismo, alcoholismo,
    alcoholism, rehab, reabilitacao, rehabilitacion,
    esclerose multipla, esclerosis multiple, multiple sclerosis, i have ms, cadeira de rodas, silla de ruedas,
    wheelchair, transfusao, transfusion, blood transfusion, mutacao genetica, mutacion genetica, genetic mutation,
    quimioterapica, cancer de mama, breast cancer, insuficiencia renal, kidney failure, cardiaco,
    cardiaca, marcapasso, marcapasos, pacemaker, deficiente visual, deficiente auditivo, estou doente, estoy enfermo,
    estoy enferma, i am ill, i'm ill
  `,
  RELIGION: `
    catolico, catolica, catholic, evangelico, evangelica, evangelical, protestante, protestant, espirita,
    espiritismo, umbanda, candomble, judeu, judia, judio, judia, jewish, muculmano, muculmana, musulman,
    musulmana, muslim, islamico, islamica, islamic, budista, buddhist, hindu, ateu, ateia, ateo, atea, atheist,
    agnostico, agnostica, agnostic, testemunha de jeova, testigo de jehova, jehovah's witness, mormon,
    adventista, adventist, igreja batista, sou batista, iglesia bautista, baptist, pentecostal, igreja universal, assembleia de deus, missa, misa,
     sinagoga, synagogue, mesquita, mezquita, mosque, terreiro, religiao, religion, minha fe, mi fe,
    my faith, ramadan, ramada, kosher, halal, sabado religioso, shabat, shabbat
  `,
  POLITICS: `
    filiado ao partido, filiada ao partido, afiliado al partido, afiliada al partido, party member, militante,
    militancia, voto no, voto em, votei no, votei em, vote por, vote for, voted for, partido politico,
    political party,   left-wing,  derecha politica, right-wing, comunista,
    communist, socialista, socialist, anarquista, anarchist,   
     bolsonarista, petista, lulista, peronista, independentista, nacionalista, sindicato politico,
    opiniao politica, opinion politica, political opinion, manifestacao, manifestacion, protest, ideologia,
    ideology,
    filiado ao pt, filiada ao pt, filiado ao pl, filiada ao pl, filiado ao psol, filiada ao psol, filiado ao psdb,
    filiada ao psdb, filiado ao mdb, filiada ao mdb, filiado ao novo, filiado a um partido, filiada a um partido,
    afiliado a podemos, afiliada a podemos, afiliado al pp, afiliada al pp, afiliado al psoe, afiliada al psoe,
    afiliado a vox, afiliada a vox, afiliado a sumar, afiliada a sumar, afiliado a un partido, afiliada a un partido,
    concejal del pp, concejala del pp, concejal del psoe, concejala del psoe, concejal de vox, concejal de podemos,
    soy concejal, soy concejala, sou vereador, sou vereadora, vereador do, vereadora do, i'm a councillor,
    i am a councillor, labour party member, member of the labour party, conservative party member,
    member of the conservative party, democrat, republican, democrata, republicano, republicana,
    eleitor do, eleitora do, votante de
  `,
  SEX_LIFE: `
    gay, gays, lesbica, lesbicas, lesbiana, lesbianas, lesbian, lesbians, bissexual, bisexual, homossexual, homosexual, heterossexual,
    heterosexual, transexual, transsexual, transgenero, transgender, travesti, queer, lgbt, lgbtq, lgbtqia,
    orientacao sexual, orientacion sexual, sexual orientation, vida sexual, sex life, meu namorado, mi novio,
    my boyfriend, minha namorada, mi novia, my girlfriend, parceiro do mesmo sexo, same-sex partner,
    assexual, asexual, pansexual, nao binario, no binario, non-binary, nonbinary, disfuncao eretil,
    disfuncion erectil, erectile dysfunction,  dst,  sti
  `,
  ETHNICITY: `
    raca,   etnia, ethnicity, etnico, etnica, ethnic,     pardo, parda,
    indigena, indigenous, quilombola, cigano, cigana, gitano, gitana,  afrodescendente, afrodescendiente,
    afro-descendant, mestico, mestiza, mestizo,     caucasian, asiatico, asiatica,
    asian,   hispanic, black person, cor da pele, color de piel, skin colour, skin color, racismo,
    racism, racista, racist, origem etnica, origen etnico, ethnic origin,
    mulher negra, homem negro, pessoa negra, sou negra, sou negro, sou preta, sou preto, mujer negra, hombre negro,
    persona negra, as a black, black customer, black woman, black man, roma heritage, roma descent, gypsy, romani,
    soy de origen, sou de origem, de ascendencia, my heritage, afro-brasileiro, afro-brasileira, afrobrasileiro,
    afrobrasileira, afroamericano, afroamericana, african american, african-american
  `,
  BIOMETRIC_GENETIC: `
    biometria, biometrico, biometrica, biometric, biometrics, impressao digital, impressoes digitais, huella
    digital, huellas dactilares, fingerprint, fingerprints, reconhecimento facial, reconocimiento facial,
    facial recognition, face id, faceid, iris, retina, dna, adn, genetico, genetica, genetic, genetics,
    teste genetico, prueba genetica, genetic test, exame de dna, prueba de adn, dna test, genoma, genome,
    reconhecimento de voz, voiceprint, biometria facial, selfie de validacao
  `,
  UNION: `
    sindicalizado, sindicalizada, sindical, sindicalista, trade union, labour union,
    labor union, union member, union dues, contribuicao sindical, cuota sindical, filiado ao sindicato,
    filiada ao sindicato, afiliado al sindicato, afiliada al sindicato, meu sindicato, mi sindicato, my union,
    membro do sindicato, miembro del sindicato, delegado sindical, delegada sindical, union rep, shop steward,
    ccoo, ugt, comissoes operarias, comisiones obreras, estou em greve, estamos em greve, entrei em greve,
    fiz greve, estoy en huelga, estamos en huelga, hice huelga, i'm on strike, i am on strike, we're on strike,
    we are on strike, i went on strike
  `,
  CRIMINAL: `
    antecedentes criminais, antecedentes penales, criminal record, ficha criminal, ficha policial, 
     presidio, cadeia, carcel, prison, jail, prisao, prision, condenado, condenada, condenacao,
    condena, convicted, conviction, processo criminal, proceso penal, criminal case, delito, crime, crimen,
    offence, offense, boletim de ocorrencia, denuncia policial, police report, tornozeleira eletronica,
    pulsera telematica, ankle monitor, liberdade condicional, libertad condicional, parole, probation,
    detido, detida, detenido, detenida, arrested, arrest, indiciado, imputado, investigado, reu, reo,
    defendant, sentenca, sentencia penal, inquerito policial, antecedentes
  `,
};

/**
 * Phrases that contain a category term but name a device, a service or the news, not a person's
 * condition or belief. Matching is leftmost-longest, so "fingerprint reader" wins over "fingerprint"
 * and then yields no flag.
 */
export const NOT_SENSITIVE = `
  fingerprint reader, fingerprint sensor, fingerprint scanner, fingerprint unlock, leitor de impressao digital,
  leitor de digital, leitor biometrico, sensor de impressao digital, sensor biometrico, lector de huellas,
  lector de huella, sensor de huellas, lector biometrico, face id unlock, reconhecimento facial do celular
`;
