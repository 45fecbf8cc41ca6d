// Gazetteers of given names and surnames, written for this project from the most frequent
// names in public statistics: IBGE Censo 2010 "Nomes no Brasil", INE "Nombres y apellidos más
// frecuentes" (Spain), INE Portugal, US SSA baby names and US Census 2010 surnames, UK ONS baby
// names. Only single name words; combinations are built at run time. Licence: same as this package.

export const FIRST_NAMES_PT = `
Maria, Ana, Francisca, Antônia, Antonia, Adriana, Juliana, Márcia, Marcia, Fernanda, Patrícia, Patricia, Aline,
Sandra, Camila, Amanda, Bruna, Jéssica, Jessica, Letícia, Leticia, Júlia, Julia, Luciana, Vanessa, Mariana,
Gabriela, Vera, Vitória, Vitoria, Larissa, Cláudia, Claudia, Beatriz, Luana, Rita, Sônia, Sonia, Renata, Eliane,
Josefa, Simone, Natália, Natalia, Cristiane, Carla, Débora, Debora, Rosângela, Rosangela, Jaqueline, Rosa,
Daniela, Aparecida, Marlene, Terezinha, Raimunda, Andreia, Andréia, Fabiana, Lúcia, Lucia, Raquel, Ângela,
Angela, Rafaela, Joana, Luzia, Elaine, Daniele, Regina, Daiane, Suelen, Alessandra, Isabela, Isabel, Bianca,
Lorena, Priscila, Tatiane, Tatiana, Kelly, Thaís, Thais, Heloísa, Heloisa, Valentina, Laura, Alice, Sophia,
Sofia, Helena, Manuela, Lívia, Livia, Giovanna, Yasmin, Lara, Cecília, Cecilia, Carolina, Eduarda, Clara,
Luiza, Luísa, Luisa, Isadora, Emanuelly, Esther, Rebeca, Mirella, Lavínia, Lavinia, Ágatha, Agatha, Nicole,
Milena, Elisa, Catarina, Melissa, Marina, Joyce, Michele, Michelle, Viviane, Cíntia, Cintia, Silvana, Sueli,
Ivone, Irene, Neide, Edna, Célia, Celia, Conceição, Graça, Fátima, Fatima, Socorro, Penha, Glória, Gloria,
Jussara, Rosana, Roberta, Kátia, Katia, Gisele, Denise, Elisângela, Elisangela, Karina, Karine, Jennifer,
Thalita, Talita, Estela, Paula, Mônica, Monica, Solange, Valéria, Valeria, Rayane, Raíssa, Raissa, Iara,
José, Jose, João, Joao, Antônio, Antonio, Francisco, Carlos, Paulo, Pedro, Lucas, Luiz, Luis, Luís, Marcos,
Gabriel, Rafael, Daniel, Marcelo, Bruno, Eduardo, Felipe, Raimundo, Rodrigo, Manoel, Manuel, Mateus, Matheus,
André, Andre, Fernando, Fábio, Fabio, Leonardo, Gustavo, Guilherme, Leandro, Tiago, Thiago, Anderson, Ricardo,
Márcio, Marcio, Jorge, Sebastião, Sebastiao, Alexandre, Roberto, Edson, Diego, Vitor, Victor, Sérgio, Sergio,
Cláudio, Claudio, Renato, Vinícius, Vinicius, Júlio, Julio, Ronaldo, Adriano, Alex, Wesley, Samuel, Miguel,
Arthur, Heitor, Bernardo, Davi, Théo, Theo, Lorenzo, Gael, Enzo, Benjamin, Nicolas, Murilo, Henrique,
Lucca, Joaquim, Isaac, Caio, Otávio, Otavio, Benício, Benicio, Vicente, Emanuel, Raul, Igor, Wellington,
Washington, Jefferson, Cleiton, Cleber, Kleber, Robson, Rogério, Rogerio, Reginaldo, Valdir, Valter, Walter,
Geraldo, Benedito, Severino, Luciano, Flávio, Flavio, Wagner, Everton, Emerson, Nelson, Osvaldo, Francisco,
Mauro, Maurício, Mauricio, Renan, Ruan, Kauã, Kaua, Kauê, Pietro, Breno, Yuri, Cauã, Cauan, Ítalo, Italo,
Danilo, Douglas, Juliano, Gilberto, Gilson, Milton, Hélio, Helio, Ivan, Jair, Jonas, Moisés, Moises, Otto,
Rubens, Silvio, Sílvio, Vagner, Weslley, Wilson, Diogo, Duarte, Rui, Nuno, Gonçalo, Goncalo, Tomás, Tomas,
Afonso, Rodrigo, Martim, Simão, Simao, Inês, Ines, Leonor, Matilde, Carlota, Madalena, Benedita, Teresa
`;

export const FIRST_NAMES_ES = `
María, Maria, Carmen, Josefa, Isabel, Ana, Laura, Dolores, Pilar, Teresa, Rosa, Cristina, Marta, Ángeles,
Angeles, Antonia, Lucía, Lucia, Francisca, Elena, Mercedes, Luisa, Concepción, Concepcion, Rosario, Paula,
Raquel, Sara, Manuela, Juana, Beatriz, Encarnación, Encarnacion, Julia, Silvia, Nuria, Irene, Patricia, Rocío,
Rocio, Montserrat, Alba, Andrea, Inmaculada, Mónica, Monica, Sonia, Alicia, Sandra, Marina, Susana, Yolanda,
Natalia, Margarita, Eva, Esther, Noelia, Claudia, Verónica, Veronica, Amparo, Carla, Begoña, Begona, Nerea,
Ainhoa, Itziar, Lorena, Ángela, Angela, Inés, Ines, Nieves, Milagros, Consuelo, Remedios, Soledad, Catalina,
Gloria, Victoria, Esperanza, Aurora, Vanesa, Miriam, Olga, Lidia, Alejandra, Celia, Adriana, Daniela, Martina,
Valeria, Sofía, Sofia, Emma, Olivia, Jimena, Ximena, Carolina, Fernanda, Gabriela, Guadalupe, Leire, Maite,
Amaia, Idoia, Ane, Aitana, Mireia, Laia, Núria, Judith, Estefanía, Estefania, Tamara, Lourdes, Macarena,
Antonio, José, Jose, Manuel, Francisco, David, Juan, Javier, Daniel, Carlos, Jesús, Jesus, Alejandro, Miguel,
Rafael, Pablo, Pedro, Ángel, Angel, Sergio, Fernando, Jorge, Luis, Alberto, Álvaro, Alvaro, Adrián, Adrian,
Diego, Raúl, Raul, Iván, Ivan, Rubén, Ruben, Óscar, Oscar, Andrés, Andres, Enrique, Ramón, Ramon, Vicente,
Joaquín, Joaquin, Santiago, Víctor, Victor, Eduardo, Mario, Roberto, Jaime, Ignacio, Marcos, Alfonso, Jordi,
Salvador, Ricardo, Emilio, Hugo, Guillermo, Gabriel, Julián, Julian, Julio, Tomás, Tomas, Marc, Gonzalo,
Agustín, Agustin, Felipe, Mariano, Lorenzo, Nicolás, Nicolas, Martín, Martin, Iker, Aitor, Unai, Asier,
Xabier, Xavier, Íñigo, Inigo, Gorka, Mikel, Jon, Josu, Pau, Àlex, Alex, Arnau, Oriol, Pol, Xavi, Sebastián,
Sebastian, Mateo, Leo, Lucas, Hugo, Gonzalo, Ismael, Borja, Cristian, Rodrigo, Héctor, Hector, Samuel, Arturo,
Benito, Domingo, Esteban, Félix, Felix, Gregorio, Lorenzo, Marcelino, Nicolás, Santos, Valentín, Valentin
`;

export const FIRST_NAMES_EN = `
James, John, Robert, Michael, William, David, Richard, Joseph, Thomas, Charles, Christopher, Daniel, Matthew,
Anthony, Mark, Donald, Steven, Paul, Andrew, Joshua, Kenneth, Kevin, Brian, George, Timothy, Ronald, Edward,
Jason, Jeffrey, Ryan, Jacob, Gary, Nicholas, Eric, Jonathan, Stephen, Larry, Justin, Scott, Brandon, Benjamin,
Samuel, Gregory, Alexander, Frank, Patrick, Raymond, Jack, Dennis, Jerry, Tyler, Aaron, Jose, Adam, Nathan,
Henry, Douglas, Zachary, Peter, Kyle, Ethan, Walter, Noah, Jeremy, Christian, Keith, Roger, Terry, Gerald,
Harold, Sean, Austin, Carl, Arthur, Lawrence, Dylan, Jesse, Jordan, Bryan, Billy, Joe, Bruce, Gabriel, Logan,
Albert, Willie, Alan, Juan, Wayne, Elijah, Randy, Roy, Vincent, Ralph, Eugene, Russell, Bobby, Mason, Philip,
Louis, Oliver, Harry, Liam, Connor, Declan, Callum, Jamie, Alfie, Charlie, Freddie, Archie, Theo, Leo, Oscar,
Mohammed, Muhammad, Ahmed, Ali, Omar, Wei, Raj, Arjun, Rohan, Hiroshi, Kenji, Luca, Marco, Sven, Lars,
Mary, Patricia, Jennifer, Linda, Elizabeth, Barbara, Susan, Jessica, Sarah, Karen, Nancy, Lisa, Betty,
Margaret, Sandra, Ashley, Kimberly, Emily, Donna, Michelle, Dorothy, Carol, Amanda, Melissa, Deborah,
Stephanie, Rebecca, Sharon, Laura, Cynthia, Kathleen, Amy, Shirley, Angela, Helen, Anna, Brenda, Pamela,
Nicole, Emma, Samantha, Katherine, Christine, Debra, Rachel, Catherine, Carolyn, Janet, Ruth, Maria,
Heather, Diane, Virginia, Julie, Joyce, Victoria, Olivia, Kelly, Christina, Lauren, Joan, Evelyn, Judith,
Megan, Cheryl, Andrea, Hannah, Martha, Jacqueline, Frances, Gloria, Ann, Teresa, Kathryn, Sara, Janice,
Jean, Alice, Madison, Doris, Abigail, Julia, Judy, Grace, Denise, Amber, Marilyn, Beverly, Danielle,
Theresa, Sophia, Marie, Diana, Brittany, Natalie, Isabella, Charlotte, Rose, Alexis, Kayla, Sophie, Amelia,
Chloe, Lucy, Ella, Mia, Isla, Ava, Poppy, Freya, Zoe, Zoë, Holly, Molly, Ellie, Jade, Siobhan, Niamh, Aoife,
Fiona, Eilidh, Aisha, Fatima, Priya, Anjali, Yuki, Ingrid, Astrid
`;

export const SURNAMES_PT = `
Silva, Santos, Oliveira, Souza, Sousa, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro,
Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Andrade,
Moreira, Nunes, Marques, Machado, Mendes, Freitas, Cardoso, Ramos, Gonçalves, Goncalves, Santana, Teixeira,
Araújo, Araujo, Pinto, Correia, Cavalcanti, Cavalcante, Monteiro, Moura, Batista, Campos, Castro, Azevedo,
Medeiros, Brandão, Brandao, Figueiredo, Magalhães, Magalhaes, Siqueira, Albuquerque, Assunção, Bezerra,
Tavares, Xavier, Peixoto, Jesus, Conceição, Neves, Anjos, Carmo, Reis, Cruz, Miranda, Farias, Fonseca,
Pires, Duarte, Borges, Sales, Sampaio, Coelho, Cunha, Leite, Melo, Mello, Macedo, Guimarães, Guimaraes,
Barros, Barreto, Rezende, Resende, Viana, Vianna, Queiroz, Aguiar, Pacheco, Morais, Moraes, Lacerda, Leal,
Louzada, Matos, Mattos, Amaral, Bastos, Brito, Caldeira, Camargo, Cordeiro, Coutinho, Domingues, Esteves,
Faria, Franco, Galvão, Gusmão, Lemos, Lobo, Lourenço, Maia, Matias, Meireles, Menezes, Miranda, Nogueira,
Novaes, Paiva, Paixão, Pedrosa, Peres, Pimentel, Prado, Quintana, Rangel, Rios, Sá, Salgado, Seixas,
Serra, Simões, Simoes, Soeiro, Toledo, Torres, Valente, Valadares, Vasconcelos, Veloso, Vidal, Vilela,
Antunes, Bento, Brandt, Cabral, Calado, Camilo, Chaves, Damasceno, Diniz, Dutra, Falcão, Feitosa, Fontes,
Furtado, Garcia, Godoy, Guerra, Holanda, Jardim, Junqueira, Lessa, Lins, Macário, Moreno, Mota, Motta,
Muniz, Nóbrega, Nobrega, Oliva, Ornelas, Pontes, Portela, Porto, Quaresma, Rabelo, Rebelo, Sardinha,
Saraiva, Severo, Tavora, Trindade, Ventura, Vaz, Vargas, Wanderley, Zanetti, Rossi, Ferrari, Russo, Bianchi,
Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, Costa, Lombardi, Moretti, Schmidt, Müller,
Muller, Schneider, Fischer, Weber, Becker, Wagner, Hoffmann, Tanaka, Suzuki, Nakamura, Sato, Yamamoto, Kato
`;

export const SURNAMES_ES = `
García, Garcia, Rodríguez, Rodriguez, González, Gonzalez, Fernández, Fernandez, López, Lopez, Martínez,
Martinez, Sánchez, Sanchez, Pérez, Perez, Gómez, Gomez, Martín, Martin, Jiménez, Jimenez, Ruiz, Hernández,
Hernandez, Díaz, Diaz, Moreno, Muñoz, Munoz, Álvarez, Alvarez, Romero, Alonso, Gutiérrez, Gutierrez,
Navarro, Torres, Domínguez, Dominguez, Vázquez, Vazquez, Ramos, Gil, Ramírez, Ramirez, Serrano, Blanco,
Molina, Morales, Suárez, Suarez, Ortega, Delgado, Castro, Ortiz, Rubio, Marín, Marin, Sanz, Núñez, Nunez,
Iglesias, Medina, Garrido, Cortés, Cortes, Castillo, Santos, Lozano, Guerrero, Cano, Prieto, Méndez, Mendez,
Cruz, Calvo, Gallego, Vidal, León, Leon, Márquez, Marquez, Herrera, Peña, Pena, Flores, Cabrera, Campos,
Vega, Fuentes, Carrasco, Díez, Diez, Caballero, Reyes, Nieto, Aguilar, Pascual, Santana, Herrero, Lorenzo,
Montero, Hidalgo, Giménez, Gimenez, Ibáñez, Ibanez, Ferrer, Durán, Duran, Santiago, Benítez, Benitez, Mora,
Vicente, Vargas, Arias, Carmona, Crespo, Román, Roman, Pastor, Soto, Sáez, Saez, Velasco, Moya, Soler,
Parra, Esteban, Bravo, Gallardo, Rojas, Pardo, Merino, Franco, Espinosa, Izquierdo, Lara, Rivas, Silva,
Rivera, Casado, Arroyo, Redondo, Camacho, Rey, Vera, Otero, Luque, Galán, Galan, Montes, Ríos, Rios,
Sierra, Segura, Carrillo, Marcos, Marti, Soriano, Mendoza, Robles, Bernal, Vila, Valero, Palacios,
Benito, Exposito, Expósito, Varela, Andrés, Andres, Bueno, Salazar, Roldán, Roldan, Aranda, Escobar,
Puig, Pujol, Ferrer, Vilanova, Serra, Font, Roca, Riera, Mas, Costa, Sala, Batlle, Etxeberria, Echeverría,
Echeverria, Goikoetxea, Aguirre, Urrutia, Zubizarreta, Arrieta, Otxoa, Ochoa, Mendizábal, Mendizabal,
Zabala, Larrañaga, Beitia, Iturbe, Barrena, Ayala, Castellanos, Figueroa, Paredes, Quintero, Salinas,
Valencia, Villanueva, Acosta, Cuesta, Tapia, Pacheco, Miranda, Manzano, Trujillo, Cordero, Mejía, Mejia
`;

export const SURNAMES_EN = `
Smith, Johnson, Williams, Brown, Jones, Miller, Davis, Wilson, Anderson, Taylor, Thomas, Moore, Jackson,
Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott,
Hill, Green, Adams, Baker, Nelson, Carter, Mitchell, Roberts, Turner, Phillips, Campbell, Parker, Evans,
Edwards, Collins, Stewart, Morris, Murphy, Cook, Rogers, Morgan, Peterson, Cooper, Reed, Bailey, Bell,
Kelly, Howard, Ward, Cox, Richardson, Wood, Watson, Brooks, Bennett, Gray, Grey, James, Hughes, Price,
Myers, Long, Foster, Sanders, Ross, Powell, Sullivan, Russell, Ortiz, Jenkins, Perry, Butler, Barnes,
Fisher, Henderson, Coleman, Simmons, Patterson, Jordan, Reynolds, Hamilton, Graham, Kim, Wallace, Woods,
Cole, West, Owens, Marshall, Harrison, Gibson, McDonald, Macdonald, Ellis, Stevens, Murray, Ford, Wells,
Webb, Tucker, Porter, Hunter, Hicks, Crawford, Henry, Boyd, Mason, Kennedy, Warren, Dixon, Burns, Gordon,
Shaw, Holmes, Rice, Robertson, Hunt, Black, Daniels, Palmer, Mills, Nichols, Grant, Knight, Ferguson, Stone,
Hawkins, Dunn, Perkins, Hudson, Spencer, Gardner, Stephens, Payne, Pierce, Berry, Matthews, Arnold, Wagner,
Willis, Ray, Watkins, Olson, Carroll, Duncan, Snyder, Hart, Cunningham, Bradley, Lane, Andrews, Ruiz,
Harper, Fox, Riley, Armstrong, Carpenter, Weaver, Greene, Lawrence, Elliott, Chavez, Sims, Austin, Peters,
Kelley, Franklin, Lawson, Fields, Ryan, Schmidt, Carr, Castillo, Wheeler, Chapman, Oliver, Montgomery,
Richards, Williamson, Johnston, Banks, Meyer, Bishop, McCoy, Howell, Morrison, Hansen, Harvey, Little,
Burton, Stanley, Nguyen, George, Jacobs, Reid, Fuller, Lynch, Dean, Gilbert, Romero, Welch, Larson, Frazier,
Burke, Hanson, Day, Mendoza, Moreno, Bowman, Medina, Fowler, Brewer, Hoffman, Carlson, Silva, Pearson,
Holland, Douglas, Fleming, Jensen, Vargas, Byrd, Davidson, Hopkins, May, Terry, Herrera, Wade, Soto, Walters,
Curtis, Neal, Caldwell, Lowe, Jennings, Barnett, Graves, Jimenez, Horton, Shelton, Barrett, Obrien,
Brien, Connor, Connell, Neill, Sharp, Dawson, Fraser, Fletcher, Chambers, Lloyd, Hall, Young, Hughes,
Patel, Khan, Singh, Shah, Ahmed, Hussain, Begum, Chen, Wang, Li, Zhang, Liu, Okafor, Okonkwo, Mensah,
Kowalski, Nowak, Novak, Ivanov, Popescu, Cohen, Levy, Rossi, Bianchi, Murphy, Walsh, Byrne, Doyle, Quinn,
McCarthy, Gallagher, Kavanagh, McLaughlin, Campbell, Stewart, Mackenzie, Robertson, Thomson, Fraser
`;

/** First names that are also common words or places: need a surname, a title or a cue. */
export const AMBIGUOUS_FIRST_NAMES = `
Rosa, Luz, Paz, Graça, Gloria, Glória, Clara, Aurora, Esperanza, Consuelo, Victoria, Vitória, Dolores,
Mercedes, Pilar, Rocío, Soledad, Rosario, Amparo, Nieves, Milagros, Remedios, Socorro, Penha, Fátima, Conceição,
Aparecida, Lourdes, Will, Mark, Bill, Grant, Rose, Jean, Frank, Jack, Joy, Hope, Faith, Grace, May, Guy,
Rich, Art, Ray, Pat, Sue, Ruth, Holly, Ivy, Jade, Summer, Angel, Ángel, Santos, Domingo, Salvador, Leo,
Alba, Sol, Cruz, Nuno, Rui, Jesus, Jesús, Natal, Vitor, Victor, Benedita, Mar,
Rita, Julio, Júlio, Santiago, Martin, Jordan, Austin, Florence, Georgia, Virginia,
Maio, Dean, Hunter, Mason, Carter, Chase, Page, Tucker, Baker, Cook, King, Hill, Green,
White, Black, Brown, Stone, Long, Day, Fox, Young, Rice, Bell, Hall, Wood, Mills, Banks, Lane, Price, Ford,
Bruno, Franco, Claro, Leal
`;

/** Lower-case particles that may join name parts ("Maria da Silva", "José de la Cruz"). */
export const PARTICLES = `da, de, do, das, dos, del, la, las, los, y, e, i, van, von, der, den, di, du, le, mac, bin, al`;

/** Honorifics that announce a person. */
export const TITLES = `
sr, sra, srta, dr, dra, dona, seu, senhor, senhora, doutor, doutora, don, doña, dona, señor, señora, señorita,
mr, mrs, ms, miss, mister, sir, madam, prof, professor, professora, eng, engº
`;
